package io.edgeplane.ntp.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A client's address as two longs, so that the request path can check and count it without an
 * {@link InetAddress} per request: the 128 bits of its IPv6 form, an IPv4 address as {@code ::ffff:a.b.c.d}
 * (as a dual-stack socket reports it). The JDK maps that form back to an {@link Inet4Address} too, so a rule or a
 * rate-limit network of either family sees the same clients either way.
 */
final class ClientAddress {

    private static final long V4_MAPPED_TAG = 0xffffL << 32;

    private ClientAddress() {
    }

    /** The high 64 bits of {@code address}'s IPv6 form. */
    static long high(InetAddress address) {
        return address instanceof Inet4Address ? 0 : bits(address.getAddress(), 0);
    }

    /** The low 64 bits of {@code address}'s IPv6 form. */
    static long low(InetAddress address) {
        if (address instanceof Inet4Address) {
            // Inet4Address's hash code is its address (NtpRateLimiterTest pins it); getAddress() copies.
            return ipv4(address.hashCode());
        }
        return bits(address.getAddress(), 8);
    }

    /** The low bits of IPv4 address {@code ipv4} (big-endian order, as {@code a << 24 | b << 16 | c << 8 | d}). */
    static long ipv4(int ipv4) {
        return V4_MAPPED_TAG | Integer.toUnsignedLong(ipv4);
    }

    /** Whether the address is IPv4, native or mapped. */
    static boolean isIpv4(long high, long low) {
        return high == 0 && (low & 0xffff_ffff_0000_0000L) == V4_MAPPED_TAG;
    }

    /** The address back as an {@link InetAddress}; allocates, for tests and slow paths. */
    static InetAddress toInetAddress(long high, long low) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }

    private static long bits(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = value << 8 | bytes[i] & 0xff;
        }
        return value;
    }
}
