package io.edgeplane.dns.cache;

import java.util.Objects;

/**
 * A forwarded answer as the cache keeps it: the RCODE, the checked records, the TTL clamps in force when it
 * came, and when it came, so that every copy written says how much longer its records are good for (a record
 * received with TTL 300 and served 120 s later says 180, as unbound and dnsmasq do). Immutable: one instance
 * is written by every event loop at once.
 */
public final class CachedAnswer {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int rcode;
    private final WireRecords records;
    private final TtlClamp clamp;
    private final long receivedNanos;

    CachedAnswer(int rcode, WireRecords records, TtlClamp clamp, long receivedNanos) {
        this.rcode = rcode;
        this.records = Objects.requireNonNull(records, "records");
        this.clamp = Objects.requireNonNull(clamp, "clamp");
        this.receivedNanos = receivedNanos;
    }

    public int rcode() {
        return rcode;
    }

    public int answerCount() {
        return records.answerCount();
    }

    public int authorityCount() {
        return records.authorityCount();
    }

    /** The bytes {@link #writeBody} writes. */
    public int bodyLength() {
        return records.length();
    }

    /** How long, in seconds, the answer was good for when it came: its lowest TTL, clamped. */
    long ttlSeconds() {
        return records.answerCount() + records.authorityCount() == 0 ? 0 : clamp.apply(records.minTtl());
    }

    /** When, on the clock it was received by, its lowest TTL runs out. */
    long expiresAtNanos() {
        return receivedNanos + ttlSeconds() * NANOS_PER_SECOND;
    }

    /**
     * Writes the answer and authority records at {@code offset}, which must be right after a question for the
     * same name (12 + the question's length), with TTLs counted down to {@code nowNanos}.
     *
     * @return the offset after them
     * @throws IllegalStateException if {@code offset} is not where the records' name pointers expect to be
     */
    public int writeBody(byte[] out, int offset, long nowNanos) {
        if (offset != records.bodyStart()) {
            throw new IllegalStateException("records built to follow a question ending at " + records.bodyStart()
                    + " written at " + offset);
        }
        long elapsed = Math.max(0, nowNanos - receivedNanos) / NANOS_PER_SECOND;
        return records.write(out, offset, clamp, elapsed);
    }

    @Override
    public String toString() {
        return "CachedAnswer[rcode=" + rcode + ", answers=" + answerCount() + ", authority=" + authorityCount()
                + ", ttl=" + ttlSeconds() + "s]";
    }
}
