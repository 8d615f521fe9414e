package io.edgeplane.core.os.net;

/**
 * A second, deliberately plain Internet checksum (RFC 1071) for tests to check frames against: it sums every byte
 * into its column as a receiver would, without sharing code with {@link Ipv4UdpFrame}.
 */
final class ReferenceChecksums {

    private ReferenceChecksums() {
    }

    /** The 16-bit big-endian word at {@code at}. */
    static int word(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) * 256 + (bytes[at + 1] & 0xFF);
    }

    /** Whether the IPv4 header at {@code ip} sums to all ones with its checksum in place. */
    static boolean ipv4HeaderValid(byte[] bytes, int ip) {
        int headerLength = (bytes[ip] & 0x0F) * 4;
        return onesComplementSum(bytes, ip, headerLength, 0) == 0xFFFF;
    }

    /** Whether the UDP datagram after the IPv4 header at {@code ip} sums to all ones with its pseudo-header. */
    static boolean udpValid(byte[] bytes, int ip) {
        int headerLength = (bytes[ip] & 0x0F) * 4;
        int udp = ip + headerLength;
        int udpLength = word(bytes, udp + 4);
        long pseudo = word(bytes, ip + 12) + word(bytes, ip + 14) + word(bytes, ip + 16) + word(bytes, ip + 18)
                + (bytes[ip + 9] & 0xFF) + udpLength;
        return word(bytes, udp + 6) != 0 && onesComplementSum(bytes, udp, udpLength, pseudo) == 0xFFFF;
    }

    private static int onesComplementSum(byte[] bytes, int from, int length, long initial) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < length; i++) {
            if (i % 2 == 0) {
                high += bytes[from + i] & 0xFF;
            } else {
                low += bytes[from + i] & 0xFF;
            }
        }
        long sum = high * 256 + low + initial;
        while (sum > 0xFFFF) {
            sum = sum % 0x10000 + sum / 0x10000;
        }
        return (int) sum;
    }
}
