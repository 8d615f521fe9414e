package io.edgeplane.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real clocks, read only. */
class PosixClocksTest {

    private PosixClocks clocks;

    @BeforeEach
    void bind() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "clock_gettime is bound on Linux only");
        clocks = PosixClocks.load().orElseThrow();
    }

    @Test
    void realtimeIsTheSystemClock() {
        long before = System.currentTimeMillis();
        long realtime = clocks.realtimeNanos();
        long after = System.currentTimeMillis();

        assertThat(TimeUnit.NANOSECONDS.toMillis(realtime)).isBetween(before - 1, after + 1);
    }

    @Test
    void rawMonotonicNeverGoesBackAndKeepsPaceWithNanoTime() throws InterruptedException {
        long raw0 = clocks.monotonicRawNanos();
        long nano0 = System.nanoTime();
        long previous = raw0;
        for (int i = 0; i < 100_000; i++) {
            long now = clocks.monotonicRawNanos();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
        Thread.sleep(50);
        long rawElapsed = clocks.monotonicRawNanos() - raw0;
        long nanoElapsed = System.nanoTime() - nano0;

        // CLOCK_MONOTONIC runs at most 500 ppm (plus a slew's 500) from the raw count: equal within a millisecond here.
        assertThat(rawElapsed).isCloseTo(nanoElapsed, Offset.offset(1_000_000L));
        assertThat(rawElapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50) - 1_000_000);
    }

    @Test
    void manyThreadsReadAtOnceEachWithItsOwnBuffer() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    long previous = Long.MIN_VALUE;
                    for (int i = 0; i < 20_000; i++) {
                        long now = clocks.monotonicRawNanos();
                        long realtime = clocks.realtimeNanos();
                        if (now < previous || realtime < 1_600_000_000_000_000_000L) {
                            return false;
                        }
                        previous = now;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).as("a thread saw the raw clock go back or a realtime before 2020").isTrue();
            }
        }
    }
}
