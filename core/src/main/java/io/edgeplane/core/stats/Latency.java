package io.edgeplane.core.stats;

/**
 * Answer times over the last minute or so (since the start, in the first minute), in milliseconds, read
 * off histogram buckets (so within a bucket's width); null while nothing was answered in that time.
 *
 * @param p50Millis the median
 * @param p99Millis the 99th percentile
 */
public record Latency(Double p50Millis, Double p99Millis) {

    public static final Latency NONE = new Latency(null, null);
}
