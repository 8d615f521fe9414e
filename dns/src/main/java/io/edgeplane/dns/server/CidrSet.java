package io.edgeplane.dns.server;

import io.edgeplane.config.value.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * A fixed list of CIDR blocks, asked about addresses held as numbers. {@link Cidr#contains} copies both
 * addresses on every call; this is asked per answer, so the blocks are turned into masks once, here.
 */
final class CidrSet {

    private final int[] ipv4; // network, mask; network, mask; ...
    private final long[] ipv6; // high, low, high mask, low mask; ...

    CidrSet(List<Cidr> blocks) {
        Objects.requireNonNull(blocks, "blocks");
        int ipv4Count = 0;
        for (Cidr block : blocks) {
            Objects.requireNonNull(block, "block");
            ipv4Count += block.network().getAddress().length == 4 ? 1 : 0;
        }
        ipv4 = new int[ipv4Count * 2];
        ipv6 = new long[(blocks.size() - ipv4Count) * 4];
        int v4 = 0;
        int v6 = 0;
        for (Cidr block : blocks) {
            byte[] network = block.network().getAddress();
            int length = block.prefixLength();
            if (network.length == 4) {
                ipv4[v4++] = (int) bigEndian(network, 0, 4);
                ipv4[v4++] = ipv4Mask(length);
            } else {
                ipv6[v6++] = bigEndian(network, 0, 8);
                ipv6[v6++] = bigEndian(network, 8, 8);
                ipv6[v6++] = highBitsMask(length);
                ipv6[v6++] = highBitsMask(length - 64);
            }
        }
    }

    boolean containsIpv4(int address) {
        for (int i = 0; i < ipv4.length; i += 2) {
            if ((address & ipv4[i + 1]) == ipv4[i]) {
                return true;
            }
        }
        return false;
    }

    /** The address's 128 bits, high half first. */
    boolean containsIpv6(long high, long low) {
        for (int i = 0; i < ipv6.length; i += 4) {
            if ((high & ipv6[i + 2]) == ipv6[i] && (low & ipv6[i + 3]) == ipv6[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** {@code count} bytes from {@code from} as one unsigned big-endian number (network order). */
    static long bigEndian(byte[] bytes, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }

    /** The first {@code length} bits of an IPv4 address set. */
    static int ipv4Mask(int length) {
        // A shift by 32 is a shift by 0 in Java, so /0 needs saying.
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The top {@code bits} bits of a long set: none for 0 or less, all for 64 or more. */
    static long highBitsMask(int bits) {
        if (bits <= 0) {
            return 0L;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }
}
