package io.edgeplane.proxy.stats;

/**
 * Answer times over the last two minutes or so (a sliding window), in milliseconds; null while nothing
 * was answered in the window.
 *
 * @param p50Millis the median
 * @param p99Millis the 99th percentile
 */
public record Latency(Double p50Millis, Double p99Millis) {

    public static final Latency NONE = new Latency(null, null);
}
