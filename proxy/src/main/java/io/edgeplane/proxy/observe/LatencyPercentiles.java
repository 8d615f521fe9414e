package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.stats.Latency;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * p50 and p99 read off timers' histogram buckets, merged, the way Prometheus's {@code histogram_quantile}
 * does: linear interpolation within the bucket the rank falls in. The stats page needs no exact figures,
 * and this costs nothing on the request path, where the timers are recorded anyway.
 */
public final class LatencyPercentiles {

    private LatencyPercentiles() {
    }

    public static Latency of(List<Timer> timers) {
        // Bucket upper bound (ns) -> events at or below it, summed over the timers.
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
        if (total == 0 || cumulative.isEmpty()) {
            return Latency.NONE;
        }
        return new Latency(quantile(cumulative, total, 0.50), quantile(cumulative, total, 0.99));
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

    private static Double quantile(TreeMap<Double, Double> cumulative, double total, double q) {
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        double lastBound = 0;
        for (var bucket : cumulative.entrySet()) {
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
