package io.edgeplane.proxy.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared table: exact counts under concurrency, a bound on keys, and what is forgotten first. */
class CounterTableTest {

    @Test
    void threadsCountingOneKeyLetExactlyMaxThrough() throws Exception {
        int max = 1_000;
        CounterTable table = new CounterTable(new SlidingWindow(60_000, max), 64, 42);
        int threads = 4;
        int perThread = 2_000;
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    if (table.acquire(7, 5) == 0) {
                        admitted.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : running) {
            assertThat(thread.join(java.time.Duration.ofSeconds(30))).isTrue();
        }

        assertThat(admitted.get()).isEqualTo(max);
        assertThat(table.size(5)).isEqualTo(1);
    }

    @Test
    void manyNewKeysAtOnceAreEachAddedOnce() throws Exception {
        CounterTable table = new CounterTable(new SlidingWindow(60_000, 1), 4_096, 1);
        int threads = 4;
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long key = 0; key < 1_000; key++) {
                    if (table.acquire(key, 0) == 0) {
                        admitted.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : running) {
            assertThat(thread.join(java.time.Duration.ofSeconds(30))).isTrue();
        }

        // One request per key and window: every key exactly once, whichever thread added it.
        assertThat(admitted.get()).isEqualTo(1_000);
        assertThat(table.size(0)).isEqualTo(1_000);
    }

    @Test
    void theTableHoldsAtMostItsCapacityAndForgetsTheLeastRecentlyCounted() {
        SlidingWindow window = new SlidingWindow(1_000, 1);
        CounterTable table = new CounterTable(window, 8, 3);
        assertThat(table.capacity()).isEqualTo(8);
        for (long key = 0; key < 8; key++) {
            assertThat(table.acquire(key, key * 1_000)).isZero();
        }
        assertThat(table.size(7_000)).isEqualTo(2);
        // Key 0 was counted at 0 ms, expired long ago; key 100 takes a slot of an expired key.
        assertThat(table.acquire(100, 7_000)).isZero();
        assertThat(table.acquire(100, 7_000)).as("counted: the second is refused").isPositive();
        // Keys 6 and 7 are live; key 7 is the most recent and is still counted after more new keys come.
        for (long key = 200; key < 205; key++) {
            assertThat(table.acquire(key, 7_500)).isZero();
        }
        assertThat(table.acquire(7, 7_500)).as("key 7 kept its count").isPositive();
        assertThat(table.size(7_500)).isLessThanOrEqualTo(8);
    }

    @Test
    void aFullTableOfLiveKeysForgetsTheOldestWhenANewKeyComes() {
        CounterTable table = new CounterTable(new SlidingWindow(10_000, 1), 8, 5);
        for (long key = 0; key < 8; key++) {
            assertThat(table.acquire(key, key * 1_000 + 10_000)).isZero();
        }
        // All 8 are live at 18 s; key 0 (counted in period 1) and the others (also period 1) tie by period,
        // so one of them goes; the new key is counted either way.
        assertThat(table.acquire(99, 18_000)).isZero();
        assertThat(table.acquire(99, 18_000)).isPositive();
        assertThat(table.size(18_000)).isEqualTo(8);
    }

    @Test
    void entriesExpireWithoutASweep() {
        CounterTable table = new CounterTable(new SlidingWindow(1_000, 3), 64, 9);
        for (long key = 0; key < 10; key++) {
            table.acquire(key, 0);
        }
        assertThat(table.size(0)).isEqualTo(10);
        assertThat(table.size(1_999)).isEqualTo(10);
        assertThat(table.size(2_000)).isZero();
        // An expired key counts from zero again.
        for (int i = 0; i < 3; i++) {
            assertThat(table.acquire(4, 2_000)).isZero();
        }
        assertThat(table.acquire(4, 2_000)).isPositive();
    }

    @Test
    void aRefundLetsOneMoreThrough() {
        CounterTable table = new CounterTable(new SlidingWindow(60_000, 2), 64, 11);
        assertThat(table.acquire(1, 0)).isZero();
        assertThat(table.acquire(1, 0)).isZero();
        assertThat(table.acquire(1, 0)).isEqualTo(TimeUnit.SECONDS.toMillis(90));
        table.refund(1, 0);
        table.refund(2, 0);
        assertThat(table.acquire(1, 0)).isZero();
        assertThat(table.acquire(1, 0)).isPositive();
    }
}
