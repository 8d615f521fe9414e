package io.edgeplane.dns.cache;

/** The range a cached answer's TTLs are held to, in seconds: {@code floor <= ceiling}. */
record TtlClamp(long floor, long ceiling) {

    long apply(long ttl) {
        return Math.max(floor, Math.min(ceiling, ttl));
    }
}
