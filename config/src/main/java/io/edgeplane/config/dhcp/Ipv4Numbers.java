package io.edgeplane.config.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 addresses as unsigned 32-bit numbers, for range arithmetic in the checks. */
final class Ipv4Numbers {

    static final String EXPECTED = "an IPv4 address such as 192.168.77.50";

    private Ipv4Numbers() {
    }

    static long of(InetAddress address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    /** The prefix length of a netmask such as 255.255.255.0, or -1 when its one bits are not contiguous. */
    static int prefixLength(InetAddress netmask) {
        long mask = of(netmask);
        int ones = Long.bitCount(mask);
        long expected = ones == 0 ? 0 : (0xFFFF_FFFFL << (32 - ones)) & 0xFFFF_FFFFL;
        return mask == expected ? ones : -1;
    }
}
