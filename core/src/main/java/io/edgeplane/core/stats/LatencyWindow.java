package io.edgeplane.core.stats;

import io.micrometer.core.instrument.Timer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency percentiles of the last minute or so, by key (a listener, route, pool or server): the timers'
 * buckets are sampled every {@link #STEP} seconds and the newest counts less the oldest kept are what
 * happened in the window. Until a key has a window's worth of samples, its percentiles cover everything so far.
 */
public final class LatencyWindow {

    /** Seconds between two samples. */
    public static final int STEP = 10;
    /** Samples kept: the window is {@code (KEPT - 1) × STEP} seconds, plus the time since the last sample. */
    static final int KEPT = 7;

    private final Map<String, ArrayDeque<LatencyPercentiles.Buckets>> samples = new HashMap<>();
    private long tick;

    /** Takes one sample of each key's timers; call every {@link #STEP} seconds. */
    public synchronized void sample(Map<String, List<Timer>> timers) {
        tick++;
        timers.forEach((key, list) -> {
            ArrayDeque<LatencyPercentiles.Buckets> kept = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (kept.size() == KEPT) {
                kept.removeFirst();
            }
            kept.addLast(LatencyPercentiles.buckets(list));
        });
        samples.keySet().retainAll(timers.keySet());
    }

    /** The percentiles of {@code timers}, {@code key}'s, over the window. */
    public Latency percentiles(String key, List<Timer> timers) {
        LatencyPercentiles.Buckets oldest;
        synchronized (this) {
            ArrayDeque<LatencyPercentiles.Buckets> kept = samples.get(key);
            // Until a whole window of samples is kept, everything since the start is within the last minute or so.
            oldest = kept == null || kept.size() < KEPT ? LatencyPercentiles.Buckets.EMPTY : kept.peekFirst();
        }
        return LatencyPercentiles.of(LatencyPercentiles.buckets(timers).since(oldest));
    }
}
