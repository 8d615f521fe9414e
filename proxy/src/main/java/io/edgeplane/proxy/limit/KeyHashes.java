package io.edgeplane.proxy.limit;

import io.edgeplane.proxy.balance.RequestHashes;

/**
 * Turns what a limit counts by into a {@code long} key: a whole IPv6 address, a header value, a route's
 * name. They are hashed with a seed drawn when the proxy starts, so that which two of them would share a
 * count (a chance of about {@code n² / 2^65} among {@code n} keys) cannot be worked out from outside. The
 * mixing is MurmurHash3's 64-bit finalizer: a bijection, so keys that fit 64 bits (IPv4 addresses, IPv6
 * /64 prefixes) need no hash and never collide.
 */
public final class KeyHashes {

    private final long seed;

    public KeyHashes(long seed) {
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    /** A whole IPv6 address, as its two halves. */
    long address(long high, long low) {
        return mix(mix(high ^ seed) ^ low) ^ 0x5bd1e995L;
    }

    /** A header value or a route name, char by char: no bytes are made of it. */
    public long text(CharSequence text) {
        long h = seed ^ text.length();
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** MurmurHash3's fmix64, the balancers' mixer: every input bit moves about half of the output bits. */
    static long mix(long h) {
        return RequestHashes.mix(h);
    }
}
