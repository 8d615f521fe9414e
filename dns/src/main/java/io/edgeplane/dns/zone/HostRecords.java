package io.edgeplane.dns.zone;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns host entries (address and names, as in {@code /etc/hosts}) into records: A or AAAA for every name and
 * its expanded form, and one PTR per address pointing at the first name, the first entry for an address
 * winning as in dnsmasq. Names that are CNAME owners are left out: an alias has no other data.
 */
final class HostRecords {

    private final NameTable table;
    private final Expansion expansion;
    private final Set<String> aliases;
    private final List<String> warnings;
    private final Map<String, String> ptrTargets = new LinkedHashMap<>();

    /**
     * @param table     where the records go
     * @param expansion the domain bare names expand into, and the TTL
     * @param aliases   names that have a CNAME record
     * @param warnings  where a left-out name is reported
     */
    HostRecords(NameTable table, Expansion expansion, Set<String> aliases, List<String> warnings) {
        this.table = Objects.requireNonNull(table, "table");
        this.expansion = Objects.requireNonNull(expansion, "expansion");
        this.aliases = Objects.requireNonNull(aliases, "aliases");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * Adds {@code address} under every name in {@code names}; the first is the one its PTR points at.
     *
     * @param origin where the entry comes from, for warnings, such as {@code "dns.hosts"}
     */
    void add(InetAddress address, List<String> names, String origin) {
        for (String name : names) {
            addAddress(name, address, origin);
            String expanded = expansion.expand(name);
            if (expanded != null) {
                addAddress(expanded, address, origin);
            }
        }
        String target = expansion.ptrTarget(names.getFirst());
        if (!aliases.contains(target)) {
            ptrTargets.putIfAbsent(ReverseName.of(address), target);
        }
    }

    /** Adds the PTR records; call once, after the last {@link #add}. */
    void finish() {
        ptrTargets.forEach((reverse, target) -> table.add(ResourceRecord.ptr(reverse, expansion.ttl(), target)));
    }

    private void addAddress(String name, InetAddress address, String origin) {
        if (aliases.contains(name)) {
            warnings.add(origin + ": " + address.getHostAddress() + " for " + name
                    + " is ignored: the name has a CNAME record, and an alias has no other data");
            return;
        }
        table.add(ResourceRecord.address(name, expansion.ttl(), address));
    }
}
