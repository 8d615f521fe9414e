package io.edgeplane.dns.zone;

import java.util.List;

/**
 * Whether a reverse name belongs to private or local address space, so the server answers it NXDOMAIN itself
 * instead of asking upstream (dnsmasq's {@code bogus-priv}): nobody on the internet can say who 192.168.1.5 is,
 * and asking only tells the upstream, and the AS112 servers that sink such queries, about the inside of the
 * network (RFC 6303).
 *
 * <p>The space covered is 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (RFC 1918), 127.0.0.0/8, 169.254.0.0/16,
 * 100.64.0.0/10 (RFC 6598), 0.0.0.0/8, fc00::/7, fe80::/10 and ::1/128. A name counts when it is, or lies under,
 * a reverse zone wholly inside one of them: {@code 16.172.in-addr.arpa} (172.16.0.0/16) does, but
 * {@code 172.in-addr.arpa} does not, as it also covers public addresses. Labels below such a zone are not
 * checked ({@code foo.10.in-addr.arpa} counts): whatever they say, the name cannot leave the zone.
 *
 * <p>One pure function, so a class with no instances: it holds no state and nothing needs to be passed in.
 * It is asked per query, so it walks the name in place: no regex, no substrings, no allocation.
 */
public final class PrivateReverse {

    private static final String IPV4_ZONE = "in-addr.arpa";
    private static final String IPV6_ZONE = "ip6.arpa";

    private static final List<Ipv4Block> IPV4_BLOCKS = List.of(
            Ipv4Block.of(10, 0, 8),
            Ipv4Block.of(172, 16, 12),
            Ipv4Block.of(192, 168, 16),
            Ipv4Block.of(127, 0, 8),
            Ipv4Block.of(169, 254, 16),
            Ipv4Block.of(100, 64, 10),
            Ipv4Block.of(0, 0, 8));

    private static final List<Ipv6Block> IPV6_BLOCKS = List.of(
            new Ipv6Block(0xfc00_0000_0000_0000L, 0L, 7),
            new Ipv6Block(0xfe80_0000_0000_0000L, 0L, 10),
            new Ipv6Block(0L, 1L, 128));

    private PrivateReverse() {
    }

    /**
     * Whether {@code canonical} (lower case, no trailing dot, such as {@code 5.1.168.192.in-addr.arpa}) is a
     * reverse name within private or local address space. Any other name, reverse or not, is {@code false}.
     */
    public static boolean isPrivateReverse(String canonical) {
        if (isUnder(canonical, IPV4_ZONE)) {
            return isPrivateIpv4(canonical, canonical.length() - IPV4_ZONE.length() - 1);
        }
        if (isUnder(canonical, IPV6_ZONE)) {
            return isPrivateIpv6(canonical, canonical.length() - IPV6_ZONE.length() - 1);
        }
        return false;
    }

    /** Strictly under: the zone itself has no labels to read, and {@code xin-addr.arpa} is not under it. */
    private static boolean isUnder(String name, String zone) {
        int dot = name.length() - zone.length() - 1;
        return dot > 0 && name.charAt(dot) == '.' && name.endsWith(zone);
    }

    /**
     * Reads octets leftwards from the label that ends at {@code end} for as long as they are octets: the
     * address bits they give are the zone the name is in, and the labels left of the first that is not an
     * octet do not move it.
     */
    private static boolean isPrivateIpv4(String name, int end) {
        int address = 0;
        int known = 0;
        while (end > 0 && known < 32) {
            int start = name.lastIndexOf('.', end - 1) + 1;
            int octet = octet(name, start, end);
            if (octet < 0) {
                break;
            }
            address |= octet << (24 - known);
            known += 8;
            end = start - 1;
        }
        for (int i = 0; i < IPV4_BLOCKS.size(); i++) {
            if (IPV4_BLOCKS.get(i).holdsZone(address, known)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #isPrivateIpv4}, with one hex digit per label (RFC 3596 §2.5), kept in two longs. */
    private static boolean isPrivateIpv6(String name, int end) {
        long high = 0;
        long low = 0;
        int known = 0;
        while (end > 0 && known < 128) {
            int start = end - 1;
            int nibble = start == 0 || name.charAt(start - 1) == '.' ? nibble(name.charAt(start)) : -1;
            if (nibble < 0) {
                break;
            }
            if (known < 64) {
                high |= (long) nibble << (60 - known);
            } else {
                low |= (long) nibble << (124 - known);
            }
            known += 4;
            end = start - 1;
        }
        for (int i = 0; i < IPV6_BLOCKS.size(); i++) {
            if (IPV6_BLOCKS.get(i).holdsZone(high, low, known)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value of a decimal octet label as reverse names write it (0 to 255, no leading zeros), or -1: the
     * label {@code 010} is not the zone {@code 10.in-addr.arpa}, and an upstream would not take it for it.
     */
    private static int octet(String name, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 3 || (length > 1 && name.charAt(start) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /** Lower-case hex only: the name is canonical. */
    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** An IPv4 block, its first address as an int. */
    private record Ipv4Block(int network, int prefixLength) {

        static Ipv4Block of(int first, int second, int prefixLength) {
            return new Ipv4Block(first << 24 | second << 16, prefixLength);
        }

        /** Whether the zone of the first {@code known} bits of {@code address} lies wholly in this block. */
        boolean holdsZone(int address, int known) {
            int mask = -1 << (32 - prefixLength);
            return known >= prefixLength && (address & mask) == network;
        }
    }

    /** An IPv6 block, its first address as two longs, high 64 bits first. */
    private record Ipv6Block(long high, long low, int prefixLength) {

        /** Whether the zone of the first {@code known} bits of the address lies wholly in this block. */
        boolean holdsZone(long addressHigh, long addressLow, int known) {
            if (known < prefixLength) {
                return false;
            }
            return (addressHigh & mask(prefixLength)) == high && (addressLow & mask(prefixLength - 64)) == low;
        }

        /** The top {@code bits} bits of a long set; none for 0 or less, all for 64 or more. */
        private static long mask(int bits) {
            if (bits <= 0) {
                return 0L;
            }
            return bits >= 64 ? -1L : -1L << (64 - bits);
        }
    }
}
