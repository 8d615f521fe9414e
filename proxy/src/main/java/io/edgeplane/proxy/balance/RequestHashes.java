package io.edgeplane.proxy.balance;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Turns a request's hash key (client address, header or cookie value) into the well-mixed 64-bit value
 * that hashing policies take. The results depend only on the key, never on the JVM or the process, so
 * several gateways in front of one pool send the same key to the same server.
 */
public final class RequestHashes {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RequestHashes() {
    }

    /** Hashes the address's raw bytes (4 for IPv4, 16 for IPv6), not its text, which has several spellings. */
    public static long ofAddress(InetAddress address) {
        byte[] bytes = Objects.requireNonNull(address, "address").getAddress();
        long h = FNV_OFFSET_BASIS;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /** Hashes a header or cookie value char by char, so any CharSequence (String, AsciiString) hashes alike. */
    public static long of(CharSequence value) {
        Objects.requireNonNull(value, "value");
        long h = FNV_OFFSET_BASIS;
        for (int i = 0, n = value.length(); i < n; i++) {
            h ^= value.charAt(i);
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /**
     * MurmurHash3's 64-bit finalizer: a bijection whose every output bit depends on every input bit. FNV-1a
     * alone leaves the high bits weak for short keys such as IPv4 addresses, and the policies index tables
     * and rings with them.
     */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
