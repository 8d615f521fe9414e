package io.edgeplane.dns.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the records of a cached answer, compressing names against the question (at byte 12) and against the
 * names written before (RFC 1035 §4.1.4). Offsets are absolute: the body is written at {@code bodyStart}.
 */
final class BodyWriter {

    private static final int QUESTION_NAME_AT = 12;
    /** A pointer has 14 bits. */
    private static final int MAX_POINTER = 0x3FFF;

    /** The part of a name from one of its labels to its end, compared by content. */
    private record Suffix(byte[] name, int from) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Suffix that
                    && Arrays.equals(name, from, name.length, that.name, that.from, that.name.length);
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (int i = from; i < name.length; i++) {
                hash = 31 * hash + name[i];
            }
            return hash;
        }
    }

    private final int bodyStart;
    // Hashed: a TCP reply may hold thousands of names, and a scan per name would make digesting it quadratic.
    private final Map<Suffix, Integer> written = new HashMap<>();
    private final List<Integer> ttlOffsets = new ArrayList<>();
    private final List<Long> ttls = new ArrayList<>();
    private byte[] body = new byte[256];
    private int length;

    BodyWriter(byte[] questionName) {
        this.bodyStart = QUESTION_NAME_AT + questionName.length + 4;
        remember(questionName, QUESTION_NAME_AT);
    }

    /** Writes a record's owner, type, class and TTL, and returns where its RDLENGTH goes, for {@link #endRdata}. */
    int startRecord(byte[] owner, int type, int rclass, long ttl) {
        name(owner, true);
        u16(type);
        u16(rclass);
        ttlOffsets.add(length);
        ttls.add(ttl);
        u16(0);
        u16(0);
        int rdLengthAt = length;
        u16(0);
        return rdLengthAt;
    }

    void endRdata(int rdLengthAt) {
        int rdLength = length - rdLengthAt - 2;
        body[rdLengthAt] = (byte) (rdLength >>> 8);
        body[rdLengthAt + 1] = (byte) rdLength;
    }

    /** Writes {@code name}, ending in a pointer to where it (or its longest suffix) was written if {@code compress}. */
    void name(byte[] name, boolean compress) {
        int start = bodyStart + length;
        int at = 0;
        while (name[at] != 0) {
            if (compress) {
                int earlier = find(name, at);
                if (earlier >= 0) {
                    bytes(name, 0, at);
                    remember(name, start, at);
                    u16(0xC000 | earlier);
                    return;
                }
            }
            at += (name[at] & 0xFF) + 1;
        }
        remember(name, start, name.length);
        bytes(name, 0, name.length);
    }

    void u16(int value) {
        room(2);
        body[length++] = (byte) (value >>> 8);
        body[length++] = (byte) value;
    }

    void bytes(byte[] source, int from, int count) {
        room(count);
        System.arraycopy(source, from, body, length, count);
        length += count;
    }

    WireRecords finish(int answerCount, int authorityCount) {
        int[] offsets = ttlOffsets.stream().mapToInt(Integer::intValue).toArray();
        long[] values = ttls.stream().mapToLong(Long::longValue).toArray();
        return new WireRecords(Arrays.copyOf(body, length), bodyStart, offsets, values, answerCount, authorityCount);
    }

    private void remember(byte[] name, int at) {
        remember(name, at, name.length);
    }

    /** Remembers the suffixes of {@code name} that begin before {@code upTo}, written from {@code at}. */
    private void remember(byte[] name, int at, int upTo) {
        for (int label = 0; label < upTo && name[label] != 0; label += (name[label] & 0xFF) + 1) {
            if (at + label <= MAX_POINTER) {
                written.putIfAbsent(new Suffix(name, label), at + label);
            }
        }
    }

    /** Where the suffix of {@code name} from {@code from} was written, or -1. */
    private int find(byte[] name, int from) {
        Integer at = written.get(new Suffix(name, from));
        return at == null ? -1 : at;
    }

    private void room(int bytes) {
        if (length + bytes > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, length + bytes));
        }
    }
}
