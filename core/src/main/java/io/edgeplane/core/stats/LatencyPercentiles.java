package io.edgeplane.core.stats;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * p50 and p99 read off timers' histogram buckets, the way Prometheus's {@code histogram_quantile} does:
 * linear interpolation within the bucket the rank falls in. The stats page needs no exact figures, and this
 * costs nothing on the request path, where the timers are recorded anyway. Prometheus's buckets count since
 * the timer was made; the difference of two {@link Buckets} taken a while apart gives the percentiles of
 * that while.
 */
public final class LatencyPercentiles {

    private LatencyPercentiles() {
    }

    /** Events at or below each bucket's upper bound (in nanoseconds), summed over timers, and their total. */
    public record Buckets(TreeMap<Double, Double> atOrBelow, double total) {

        public static final Buckets EMPTY = new Buckets(new TreeMap<>(), 0);

        /** These counts less {@code earlier}'s: what happened between the two. */
        Buckets since(Buckets earlier) {
            if (total < earlier.total) {
                // The timers were made anew (a pool rebuilt by a reload) since: all they have is recent.
                return this;
            }
            TreeMap<Double, Double> counts = new TreeMap<>();
            for (Map.Entry<Double, Double> bucket : atOrBelow.entrySet()) {
                counts.put(bucket.getKey(), Math.max(0, bucket.getValue() - earlier.atOrBelow.getOrDefault(bucket.getKey(), 0.0)));
            }
            return new Buckets(counts, Math.max(0, total - earlier.total));
        }
    }

    /** The timers' buckets now, merged. */
    public static Buckets buckets(List<Timer> timers) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        double total = 0;
        for (Timer timer : timers) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            if (buckets.length == 0 || snapshot.count() == 0) {
                continue;
            }
            boolean runningTotals = isRunningTotal(buckets);
            double running = 0;
            for (CountAtBucket bucket : buckets) {
                running = runningTotals ? bucket.count() : running + bucket.count();
                cumulative.merge(bucket.bucket(TimeUnit.NANOSECONDS), running, Double::sum);
            }
            total += snapshot.count();
        }
        return new Buckets(cumulative, total);
    }

    /** The percentiles of everything the timers ever recorded. */
    public static Latency of(List<Timer> timers) {
        return of(buckets(timers));
    }

    /** The percentiles of what the buckets counted. */
    public static Latency of(Buckets buckets) {
        if (buckets.total() < 1 || buckets.atOrBelow().isEmpty()) {
            return Latency.NONE;
        }
        return new Latency(quantile(buckets, 0.50), quantile(buckets, 0.99));
    }

    /** Whether the counts are already running totals (non-decreasing), as Prometheus's histograms keep them. */
    private static boolean isRunningTotal(CountAtBucket[] buckets) {
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i].count() < buckets[i - 1].count()) {
                return false;
            }
        }
        return true;
    }

    private static Double quantile(Buckets buckets, double q) {
        double rank = q * buckets.total();
        double lowerBound = 0;
        double lowerCount = 0;
        double lastBound = 0;
        for (var bucket : buckets.atOrBelow().entrySet()) {
            lastBound = bucket.getKey();
            if (bucket.getValue() >= rank) {
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return round((lowerBound + (bucket.getKey() - lowerBound) * fraction) / 1e6);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        // Beyond the last bucket (longer than the timers' maximum expected value): its bound is all we know.
        return round(lastBound / 1e6);
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}
