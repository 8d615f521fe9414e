package io.edgeplane.firewall.compile;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.IpAddresses;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Address blocks as nft writes them: a host without its prefix length, elements in address order as nft sorts them. */
final class Addresses {

    private static final Comparator<Cidr> ORDER = Comparator
            .comparing((Cidr c) -> c.network().getAddress().length)
            .thenComparing(c -> new BigInteger(1, c.network().getAddress()))
            .thenComparingInt(Cidr::prefixLength);

    private Addresses() {
    }

    static String element(Cidr cidr) {
        int bits = cidr.network().getAddress().length * 8;
        return cidr.prefixLength() == bits ? IpAddresses.format(cidr.network()) : cidr.toString();
    }

    /**
     * Sorted and without repeats, as elements of one set. A block inside another is left out: nft refuses overlapping
     * elements in a named set, and merges them in an anonymous one.
     */
    static List<String> elements(Collection<Cidr> cidrs) {
        // In address order, a block's encloser comes before it, wider first; blocks are nested or apart, so a block
        // inside any kept one is inside the last one kept. One pass after the sort: a zone may hold a blocklist.
        List<Cidr> sorted = cidrs.stream().distinct().sorted(ORDER).toList();
        List<String> kept = new ArrayList<>(sorted.size());
        Cidr last = null;
        for (Cidr cidr : sorted) {
            if (last != null && last.prefixLength() < cidr.prefixLength() && last.contains(cidr.network())) {
                continue;
            }
            kept.add(element(cidr));
            last = cidr;
        }
        return kept;
    }

    /** One element alone, several as an anonymous set: {@code 10.0.0.0/8} or {@code { 10.0.0.0/8, 172.16.0.0/12 }}. */
    static String oneOrSet(List<String> elements) {
        return elements.size() == 1 ? elements.getFirst() : "{ " + String.join(", ", elements) + " }";
    }
}
