package io.edgeplane.dns.zone;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects records by owner name and turns them into {@link NameData}: duplicates (same type and RDATA) kept
 * once, each RRset's TTLs made equal to the lowest (RFC 2181 §5.2 forbids mixed TTLs in one RRset).
 */
final class NameTable {

    private final Map<String, List<Map<ByteBuffer, ResourceRecord>>> byName = new LinkedHashMap<>();

    /** Adds {@code record}; a second record with the same name, type and RDATA is dropped. */
    void add(ResourceRecord record) {
        List<Map<ByteBuffer, ResourceRecord>> sets = byName.computeIfAbsent(record.name(), n -> {
            List<Map<ByteBuffer, ResourceRecord>> empty = new ArrayList<>(NameData.SLOTS);
            for (int i = 0; i < NameData.SLOTS; i++) {
                empty.add(null);
            }
            return empty;
        });
        int slot = NameData.dataSlot(record.type());
        Map<ByteBuffer, ResourceRecord> set = sets.get(slot);
        if (set == null) {
            set = new LinkedHashMap<>();
            sets.set(slot, set);
        }
        set.putIfAbsent(ByteBuffer.wrap(record.rdata()), record);
    }

    /** Whether any record has been added at {@code name}. */
    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The names and their answers; a name with a CNAME has {@code null} where the chain decides. */
    Map<String, NameData> build() {
        Map<String, NameData> names = new HashMap<>(byName.size() * 2);
        byName.forEach((name, sets) -> names.put(name, data(sets)));
        return names;
    }

    /**
     * The names that exist only because names below them do (RFC 8020 empty non-terminals): every proper
     * ancestor of a name that has no records itself.
     */
    Set<String> emptyNonTerminals() {
        Set<String> ents = new HashSet<>();
        for (String name : byName.keySet()) {
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                String ancestor = name.substring(dot + 1);
                if (!byName.containsKey(ancestor)) {
                    ents.add(ancestor);
                }
            }
        }
        return ents;
    }

    private static NameData data(List<Map<ByteBuffer, ResourceRecord>> sets) {
        LocalAnswer[] answers = new LocalAnswer[NameData.SLOTS];
        for (int slot = 0; slot < NameData.ANY; slot++) {
            Map<ByteBuffer, ResourceRecord> set = sets.get(slot);
            answers[slot] = set == null ? LocalAnswer.NoData.EMPTY : new LocalAnswer.Found(sameTtl(set.values()));
        }
        answers[NameData.OTHER] = LocalAnswer.NoData.EMPTY;
        answers[NameData.ANY] = LocalAnswer.NoData.EMPTY;
        for (int slot : NameData.ANY_ORDER) {
            if (answers[slot] instanceof LocalAnswer.Found) {
                answers[NameData.ANY] = answers[slot];
                break;
            }
        }
        Map<ByteBuffer, ResourceRecord> cnames = sets.get(NameData.CNAME);
        if (cnames == null) {
            return new NameData(answers, null, null);
        }
        // RFC 1034 §3.6.2: an alias has no other data; every other question follows the chain.
        ResourceRecord cname = cnames.values().iterator().next();
        for (int slot = 0; slot < NameData.SLOTS; slot++) {
            if (slot != NameData.CNAME && slot != NameData.ANY) {
                answers[slot] = null;
            }
        }
        return new NameData(answers, cname, cname.target());
    }

    private static List<ResourceRecord> sameTtl(Iterable<ResourceRecord> records) {
        long min = ResourceRecord.MAX_TTL;
        for (ResourceRecord r : records) {
            min = Math.min(min, r.ttl());
        }
        List<ResourceRecord> out = new ArrayList<>();
        for (ResourceRecord r : records) {
            out.add(r.withTtl(min));
        }
        return List.copyOf(out);
    }
}
