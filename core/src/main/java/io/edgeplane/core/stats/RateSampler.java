package io.edgeplane.core.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Requests per second of anything with a running count, from samples taken once a second off the request
 * path: the rate is the growth over the last {@link #WINDOW} seconds. Keys not sampled for a while (a
 * route a reload removed) are forgotten.
 */
public final class RateSampler {

    /** Seconds the rate is averaged over. */
    public static final int WINDOW = 10;

    private final Map<String, Samples> samples = new HashMap<>();
    private long tick;

    /**
     * Takes one sample of every count {@code totals} reports (key, running count); call once a second.
     */
    public synchronized void sample(Consumer<BiConsumer<String, Long>> totals) {
        tick++;
        totals.accept((key, count) -> samples.computeIfAbsent(key, k -> new Samples()).add(tick, count));
        samples.values().removeIf(s -> tick - s.lastTick > WINDOW * 6L);
    }

    /** Requests per second of {@code key} over the last samples; 0 until it has two. */
    public synchronized double rate(String key) {
        Samples s = samples.get(key);
        return s == null ? 0 : s.rate();
    }

    /** A ring of the last WINDOW + 1 samples of one count. */
    private static final class Samples {
        private final long[] counts = new long[WINDOW + 1];
        private int size;
        private int next;
        private long lastTick;

        void add(long tick, long count) {
            if (size > 0 && tick - lastTick > 1) {
                size = 0;
            }
            counts[next] = count;
            next = (next + 1) % counts.length;
            size = Math.min(size + 1, counts.length);
            lastTick = tick;
        }

        double rate() {
            if (size < 2) {
                return 0;
            }
            long newest = counts[(next - 1 + counts.length) % counts.length];
            long oldest = counts[(next - size + counts.length) % counts.length];
            return Math.max(0, newest - oldest) / (double) (size - 1);
        }
    }
}
