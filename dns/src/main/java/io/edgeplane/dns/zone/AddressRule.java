package io.edgeplane.dns.zone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * dnsmasq's {@code address=/domain/ip...}: the domain and every name under it answer these addresses, A for
 * the IPv4 ones and AAAA for the IPv6 ones, NODATA for anything else; with no address, NXDOMAIN for all.
 * The domain's own answers are built once; a name under it gets records owned by that name, built per query.
 */
final class AddressRule {

    private final String domain;
    private final long ttl;
    private final List<InetAddress> v4;
    private final List<InetAddress> v6;
    private final LocalAnswer[] atDomain;

    AddressRule(String domain, List<InetAddress> addresses, long ttl) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.ttl = ttl;
        List<InetAddress> four = new ArrayList<>();
        List<InetAddress> six = new ArrayList<>();
        for (InetAddress address : new LinkedHashSet<>(addresses)) {
            (address instanceof Inet4Address ? four : six).add(address);
        }
        v4 = List.copyOf(four);
        v6 = List.copyOf(six);
        atDomain = new LocalAnswer[NameData.SLOTS];
        for (int slot = 0; slot < NameData.SLOTS; slot++) {
            atDomain[slot] = build(domain, slot);
        }
    }

    String domain() {
        return domain;
    }

    /** The answer for {@code name}, which is this rule's domain or a name under it. */
    LocalAnswer answer(String name, int slot) {
        // The table only hands over names that end in the domain, so equal length means equal name.
        return name.length() == domain.length() ? atDomain[slot] : under(name, slot);
    }

    private LocalAnswer build(String owner, int slot) {
        if (v4.isEmpty() && v6.isEmpty()) {
            return LocalAnswer.NxDomain.EMPTY;
        }
        List<InetAddress> addresses = switch (slot) {
            case NameData.A -> v4;
            case NameData.AAAA -> v6;
            case NameData.ANY -> v4.isEmpty() ? v6 : v4;
            default -> List.of();
        };
        if (addresses.isEmpty()) {
            return LocalAnswer.NoData.EMPTY;
        }
        ResourceRecord[] records = new ResourceRecord[addresses.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = ResourceRecord.address(owner, ttl, addresses.get(i));
        }
        return new LocalAnswer.Found(List.of(records));
    }

    /** The domain's answer re-owned by {@code owner}: the RDATA is already built. */
    private LocalAnswer under(String owner, int slot) {
        if (!(atDomain[slot] instanceof LocalAnswer.Found found)) {
            return atDomain[slot];
        }
        List<ResourceRecord> atApex = found.records();
        ResourceRecord[] records = new ResourceRecord[atApex.size()];
        for (int i = 0; i < records.length; i++) {
            ResourceRecord r = atApex.get(i);
            records[i] = new ResourceRecord(owner, r.type(), r.ttl(), r.rdata());
        }
        return new LocalAnswer.Found(List.of(records));
    }
}
