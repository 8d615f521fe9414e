package io.edgeplane.proxy.limit;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A client's address as two {@code long}s, made once per connection so that counting its requests reads no
 * address bytes (an {@code Inet6Address} hands them out only as a fresh array). IPv4 addresses are held in
 * their IPv4-mapped form ({@code ::ffff:a.b.c.d}), so a client is the same key on an IPv4 and a dual-stack
 * listener.
 *
 * @param high the first 64 bits: an IPv6 client's /64 prefix; 0 for IPv4
 * @param low  the last 64 bits; for IPv4, {@code 0x0000ffff} then the address
 */
public record ClientAddress(long high, long low) {

    private static final long IPV4_MAPPED = 0xFFFFL << 32;

    public static ClientAddress of(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            // hashCode() is the address itself, and unlike getAddress() makes no copy.
            return new ClientAddress(0, IPV4_MAPPED | (v4.hashCode() & 0xFFFF_FFFFL));
        }
        byte[] bytes = address.getAddress();
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (bytes[i] & 0xFF);
            low = low << 8 | (bytes[i + 8] & 0xFF);
        }
        return new ClientAddress(high, low);
    }

    public boolean isIpv4() {
        return high == 0 && (low >>> 32) == 0xFFFF;
    }

    /**
     * The key of the whole address: an IPv4 address as it is (it fits), an IPv6 address hashed. An IPv4 key
     * could only meet an IPv6 hash by a 2^-64 chance.
     */
    long exactKey(KeyHashes hashes) {
        return isIpv4() ? low : hashes.address(high, low);
    }

    /**
     * The key of the client's IPv6 /64 (its prefix, as it is), or of its IPv4 address. The two could meet only
     * for a prefix {@code 0:ffff::/32}, inside {@code ::/8}, which is reserved and never routed.
     */
    long prefix64Key() {
        return isIpv4() ? low : high;
    }
}
