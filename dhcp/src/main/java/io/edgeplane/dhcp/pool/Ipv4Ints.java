package io.edgeplane.dhcp.pool;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as unsigned 32-bit numbers held in a long, for range arithmetic. */
public final class Ipv4Ints {

    private Ipv4Ints() {
    }

    public static long of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException(address.getHostAddress() + " is not IPv4");
        }
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    public static Inet4Address address(long value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    /** Whether {@code a} and {@code b} are on one network of {@code netmask}. */
    public static boolean sameNetwork(Inet4Address a, Inet4Address b, Inet4Address netmask) {
        long mask = of(netmask);
        return (of(a) & mask) == (of(b) & mask);
    }

    /** The broadcast address of {@code address}'s network of {@code netmask}. */
    public static Inet4Address broadcast(Inet4Address address, Inet4Address netmask) {
        return address(of(address) | (~of(netmask) & 0xFFFF_FFFFL));
    }

    /** The netmask of a prefix length, such as 0xFFFFFF00 for 24. */
    public static long mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
    }
}
