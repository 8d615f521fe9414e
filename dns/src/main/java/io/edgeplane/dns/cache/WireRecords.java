package io.edgeplane.dns.cache;

import java.util.Objects;

/**
 * The answer and authority records of an answer, in wire form, ready to follow the question: name pointers
 * are absolute (the question's name is at byte 12, and the body starts right after the question, which is
 * the same length for every client asking the same question), so writing an answer is one copy plus the TTLs.
 */
public final class WireRecords {

    /** RFC 2181 §8: a TTL is 0..2^31-1 seconds. */
    static final long MAX_TTL = Integer.MAX_VALUE;

    private final byte[] body;
    private final int bodyStart;
    private final int[] ttlOffsets;
    private final long[] ttls;
    private final int answerCount;
    private final int authorityCount;
    private final long minTtl;

    /**
     * @param body           the records, answer section then authority section
     * @param bodyStart      the offset in the message the body's pointers assume it is written at
     * @param ttlOffsets     where in {@code body} each record's TTL field is
     * @param ttls           each record's TTL in seconds, as the upstream gave it (0..2^31-1)
     * @param answerCount    the answer section's records
     * @param authorityCount the authority section's records
     */
    WireRecords(byte[] body, int bodyStart, int[] ttlOffsets, long[] ttls, int answerCount, int authorityCount) {
        this.body = Objects.requireNonNull(body, "body");
        this.ttlOffsets = Objects.requireNonNull(ttlOffsets, "ttlOffsets");
        this.ttls = Objects.requireNonNull(ttls, "ttls");
        if (ttlOffsets.length != ttls.length || ttls.length != answerCount + authorityCount) {
            throw new IllegalArgumentException(ttls.length + " TTLs for " + answerCount + " + " + authorityCount + " records");
        }
        this.bodyStart = bodyStart;
        this.answerCount = answerCount;
        this.authorityCount = authorityCount;
        long lowest = MAX_TTL;
        for (long ttl : ttls) {
            lowest = Math.min(lowest, ttl);
        }
        this.minTtl = lowest;
    }

    int length() {
        return body.length;
    }

    int bodyStart() {
        return bodyStart;
    }

    int answerCount() {
        return answerCount;
    }

    int authorityCount() {
        return authorityCount;
    }

    /** The lowest TTL of the records; {@link #MAX_TTL} for none. */
    long minTtl() {
        return minTtl;
    }

    /**
     * Copies the records to {@code out} at {@code offset}, each TTL held to {@code clamp} and then lowered by
     * {@code elapsedSeconds} (never below 0).
     *
     * @return the offset after them
     */
    int write(byte[] out, int offset, TtlClamp clamp, long elapsedSeconds) {
        System.arraycopy(body, 0, out, offset, body.length);
        for (int i = 0; i < ttls.length; i++) {
            long ttl = Math.max(0, clamp.apply(ttls[i]) - elapsedSeconds);
            int at = offset + ttlOffsets[i];
            out[at] = (byte) (ttl >>> 24);
            out[at + 1] = (byte) (ttl >>> 16);
            out[at + 2] = (byte) (ttl >>> 8);
            out[at + 3] = (byte) ttl;
        }
        return offset + body.length;
    }
}
