package io.edgeplane.vrrp.codec;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The Internet checksum (RFC 1071) of a VRRP message: over the message alone in version 2, over the IPv4
 * (RFC 768 style) or IPv6 (RFC 8200 §8.1) pseudo-header and the message in version 3 (RFC 5798 §5.2.8).
 */
final class InternetChecksum {

    private InternetChecksum() {
    }

    /**
     * The checksum of {@code data[offset .. offset + length)}, with the pseudo-header if {@code source} is not null.
     * Computed over a message whose checksum field holds the sent value, the result is 0 when it is right.
     */
    static int compute(byte[] data, int offset, int length, InetAddress source, InetAddress destination) {
        long sum = 0;
        if (source != null) {
            sum += sumOf(source.getAddress());
            sum += sumOf(destination.getAddress());
            // Protocol and length: 16-bit fields in IPv4's pseudo-header, 32-bit in IPv6's; their sums are equal.
            sum += VrrpAdvertisement.IP_PROTOCOL;
            sum += length;
            assert source instanceof Inet4Address == destination instanceof Inet4Address;
        }
        sum += sumOf(data, offset, length);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static long sumOf(byte[] bytes) {
        return sumOf(bytes, 0, bytes.length);
    }

    private static long sumOf(byte[] data, int offset, int length) {
        long sum = 0;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
        }
        if (i < end) {
            sum += (data[i] & 0xFF) << 8;
        }
        return sum;
    }
}
