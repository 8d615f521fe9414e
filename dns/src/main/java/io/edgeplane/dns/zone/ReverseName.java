package io.edgeplane.dns.zone;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The name a PTR record for an address lives at: {@code in-addr.arpa} (RFC 1035 §3.5), {@code ip6.arpa} (RFC 3596 §2.5). */
final class ReverseName {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseName() {
    }

    /** {@code 192.168.77.10} → {@code 10.77.168.192.in-addr.arpa}; {@code 2001:db8::1} → 32 nibbles then {@code ip6.arpa}. */
    static String of(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder(bytes.length == 4 ? 29 : 72);
        if (address instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa").toString();
        }
        for (int i = bytes.length - 1; i >= 0; i--) {
            name.append(HEX[bytes[i] & 0x0f]).append('.').append(HEX[(bytes[i] >> 4) & 0x0f]).append('.');
        }
        return name.append("ip6.arpa").toString();
    }
}
