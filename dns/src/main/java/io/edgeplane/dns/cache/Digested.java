package io.edgeplane.dns.cache;

import java.util.Objects;

/** What {@link ReplyDigest} made of an upstream's reply: records fit to answer with, or why there are none. */
public sealed interface Digested {

    /** A reply that cannot answer the question: malformed, truncated, another question, an unusable RCODE. */
    record Unusable(String reason) implements Digested {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A reply whose checked records answer the question.
     *
     * @param rcode          NOERROR or NXDOMAIN
     * @param negative       NXDOMAIN, or no record of the asked type at the end of the CNAME chain (no data)
     * @param cacheable      whether it may be kept: false for a CNAME chain cut short at the server's domain
     *                       or running in a loop, and for a negative answer without an SOA to tell how long
     *                       (RFC 2308 §5)
     * @param ttl            the lowest TTL of the kept records, in seconds: how long the answer is good for
     *                       (for a negative one, the SOA's TTL and MINIMUM count, RFC 2308 §5)
     * @param droppedRecords records of the answer that were left out (not on the question's chain, another
     *                       class, outside the answering server's domain), and of a negative answer's authority
     *                       the SOAs and denial proofs left out; NS records and the additional section, never
     *                       kept, are not counted
     * @param records        the kept records in wire form
     */
    record Usable(int rcode, boolean negative, boolean cacheable, long ttl, int droppedRecords, WireRecords records)
            implements Digested {

        public Usable {
            Objects.requireNonNull(records, "records");
        }

        /** The answer as of {@code nowNanos}, its TTLs held to {@code settings}' clamps. */
        public CachedAnswer toAnswer(CacheSettings settings, long nowNanos) {
            return new CachedAnswer(rcode, records, settings.clamp(negative), nowNanos);
        }

        /** How long the cache may keep it under {@code settings}, in seconds; 0 for not at all. */
        public long cacheTtl(CacheSettings settings) {
            return cacheable ? settings.clamp(negative).apply(ttl) : 0;
        }
    }
}
