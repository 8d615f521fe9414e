package io.edgeplane.bench.ntp;

/**
 * Offsets in nanoseconds, signed, counted in buckets: 10 ns wide up to 100 µs (where NTP offsets on loopback
 * live), then 64 per power of two (1.6 % wide) up to the largest long. Negative and positive offsets are kept
 * apart so that both the spread of |offset| and the sign of the median (which side the delays fall on) can be
 * read. Not thread-safe; no allocation after construction.
 */
final class OffsetHistogram {

    private static final int LINEAR_WIDTH = 10;
    private static final int LINEAR_BUCKETS = 10_000;
    /** 100 µs = 100,000 ns lies in [2^16, 2^17): log buckets start at exponent 16. */
    private static final int FIRST_EXPONENT = 16;
    private static final int SUB_BUCKETS = 64;
    private static final int BUCKETS = LINEAR_BUCKETS + (63 - FIRST_EXPONENT) * SUB_BUCKETS;

    private final long[] negative = new long[BUCKETS];
    private final long[] positive = new long[BUCKETS];
    private long count;
    private long maxMagnitude;
    private long sum;

    void record(long offsetNanos) {
        long magnitude = Math.abs(offsetNanos);
        int bucket = bucketOf(magnitude);
        if (offsetNanos < 0) {
            negative[bucket]++;
        } else {
            positive[bucket]++;
        }
        count++;
        sum += offsetNanos;
        maxMagnitude = Math.max(maxMagnitude, magnitude);
    }

    void clear() {
        java.util.Arrays.fill(negative, 0);
        java.util.Arrays.fill(positive, 0);
        count = 0;
        maxMagnitude = 0;
        sum = 0;
    }

    long count() {
        return count;
    }

    long maxMagnitude() {
        return maxMagnitude;
    }

    double meanSigned() {
        return count == 0 ? Double.NaN : (double) sum / count;
    }

    /** The {@code quantile} (0..1) of |offset|, at its bucket's middle (the maximum for the top bucket). */
    long magnitudeQuantile(double quantile) {
        if (count == 0) {
            return -1;
        }
        long rank = rank(quantile);
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += negative[bucket] + positive[bucket];
            if (seen >= rank) {
                return Math.min(middleOf(bucket), maxMagnitude);
            }
        }
        return maxMagnitude;
    }

    /** The {@code quantile} of the signed offset: negatives from the most negative up, then positives. */
    long signedQuantile(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = rank(quantile);
        long seen = 0;
        for (int bucket = BUCKETS - 1; bucket >= 0; bucket--) {
            seen += negative[bucket];
            if (seen >= rank) {
                return -Math.min(middleOf(bucket), maxMagnitude);
            }
        }
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += positive[bucket];
            if (seen >= rank) {
                return Math.min(middleOf(bucket), maxMagnitude);
            }
        }
        return maxMagnitude;
    }

    private long rank(double quantile) {
        return Math.max(1, (long) Math.ceil(quantile * count));
    }

    static int bucketOf(long magnitude) {
        if (magnitude < (long) LINEAR_WIDTH * LINEAR_BUCKETS) {
            return (int) (magnitude / LINEAR_WIDTH);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(magnitude);
        int sub = (int) ((magnitude >>> (exponent - 6)) & (SUB_BUCKETS - 1));
        return LINEAR_BUCKETS + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + sub;
    }

    static long middleOf(int bucket) {
        if (bucket < LINEAR_BUCKETS) {
            return (long) bucket * LINEAR_WIDTH + LINEAR_WIDTH / 2;
        }
        int exponent = FIRST_EXPONENT + (bucket - LINEAR_BUCKETS) / SUB_BUCKETS;
        int sub = (bucket - LINEAR_BUCKETS) % SUB_BUCKETS;
        long width = 1L << (exponent - 6);
        long low = (1L << exponent) + sub * width;
        return low + width / 2;
    }
}
