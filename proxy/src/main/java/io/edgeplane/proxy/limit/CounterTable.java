package io.edgeplane.proxy.limit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded table of sliding-window counts by {@code long} key, shared by every event loop: HAProxy's
 * stick table for one {@code http_req_rate}.
 *
 * <h2>Layout</h2>
 * Keys are spread over buckets of {@value #WAYS} slots by a seeded hash (so a client cannot aim its keys at
 * another's bucket). A slot holds an entry: its key, and its {@link SlidingWindow} state as one atomic
 * {@code long}. The table holds at most {@code capacity} keys, the asked-for size rounded up to a whole
 * number of buckets.
 *
 * <h2>Counting</h2>
 * A key that is in the table is counted without a lock and without allocating: a read of its bucket's
 * slots, then a compare-and-set of its entry's state, retried if another thread counted in between. So two
 * event loops counting one key never lose an update, and no request is let through over the limit.
 *
 * <h2>A new key</h2>
 * A key not in the table takes a lock (one of {@value #STRIPES}, by bucket), looks again, and takes a slot of
 * its bucket: a free one, else one whose count has expired (both of its periods are over), else the one
 * counted longest ago, as HAProxy forgets its oldest entries when a table is full. A forgotten key starts
 * afresh when it returns. The lock keeps two threads from adding the same key twice; the one allocation is
 * the new entry (32 bytes). A slot is taken by first marking its entry dead with a compare-and-set of its
 * state, so a thread that found that entry a moment before either counts before the mark (and the slot
 * choice is made again) or sees the mark and looks again: no count lands on an entry that is gone.
 *
 * <h2>Expiry</h2>
 * Entries expire by being overwritten: an expired count is the first thing a new key takes, and counts as
 * zero until then. There is no thread sweeping the table; {@link #size} counts what has not expired.
 */
final class CounterTable {

    static final int WAYS = 8;
    private static final int STRIPES = 64;
    /** Internal answer of {@link #count}: the entry was taken by another key meanwhile. */
    private static final long GONE = -1;
    /** An entry's state once its slot is given to another key; {@link SlidingWindow} never makes it. */
    private static final long DEAD = -1;

    private final SlidingWindow window;
    private final AtomicReferenceArray<Entry> slots;
    private final Object[] locks = new Object[STRIPES];
    private final int buckets;
    private final long seed;

    /** A key and its count; the count is the {@code AtomicLong} itself, one object less per key. */
    private static final class Entry extends AtomicLong {
        final long key;

        Entry(long key, long state) {
            super(state);
            this.key = key;
        }
    }

    /**
     * @param size the keys to hold at least; rounded up to a multiple of {@value #WAYS}
     * @param seed spreads keys over buckets; a random one per process keeps the spread unguessable
     */
    CounterTable(SlidingWindow window, int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("table size " + size + " (expected: at least 1)");
        }
        this.window = window;
        this.buckets = (size + WAYS - 1) / WAYS;
        this.slots = new AtomicReferenceArray<>(buckets * WAYS);
        this.seed = seed;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    int capacity() {
        return buckets * WAYS;
    }

    /**
     * Counts one request of {@code key} at {@code nowMillis}: 0 if it is let through (and counted), else the
     * milliseconds until one would be (and nothing is counted).
     */
    long acquire(long key, long nowMillis) {
        int bucket = bucket(key);
        int base = bucket * WAYS;
        for (int i = 0; i < WAYS; i++) {
            Entry entry = slots.get(base + i);
            if (entry != null && entry.key == key) {
                long answer = count(entry, nowMillis);
                if (answer != GONE) {
                    return answer;
                }
                break;
            }
        }
        return acquireNew(key, bucket, nowMillis);
    }

    private long count(Entry entry, long nowMillis) {
        while (true) {
            long state = entry.get();
            if (state == DEAD) {
                return GONE;
            }
            long next = window.admit(state, nowMillis);
            if (next == SlidingWindow.REFUSED) {
                return Math.max(1, window.waitMillis(state, nowMillis));
            }
            if (entry.compareAndSet(state, next)) {
                return 0;
            }
        }
    }

    private long acquireNew(long key, int bucket, long nowMillis) {
        int base = bucket * WAYS;
        synchronized (locks[bucket & (STRIPES - 1)]) {
            while (true) {
                int victim = -1;
                long victimAge = Long.MAX_VALUE;
                for (int i = 0; i < WAYS; i++) {
                    Entry entry = slots.get(base + i);
                    if (entry == null) {
                        if (victimAge > Long.MIN_VALUE) {
                            victim = i;
                            victimAge = Long.MIN_VALUE;
                        }
                        continue;
                    }
                    if (entry.key == key) {
                        // Added by another thread while this one waited for the lock; entries die only under it.
                        return count(entry, nowMillis);
                    }
                    long state = entry.get();
                    // Expired first (as if counted at -1), then the least recently counted.
                    long age = window.expired(state, nowMillis) ? -1 : SlidingWindow.period(state);
                    if (age < victimAge) {
                        victim = i;
                        victimAge = age;
                    }
                }
                Entry old = slots.get(base + victim);
                if (old != null) {
                    long state = old.get();
                    boolean stillOldest = window.expired(state, nowMillis) ? victimAge == -1 : SlidingWindow.period(state) == victimAge;
                    if (!stillOldest || !old.compareAndSet(state, DEAD)) {
                        // Counted just now by another thread: no longer the one to forget. Choose again.
                        continue;
                    }
                }
                long first = window.admit(0, nowMillis);
                slots.set(base + victim, new Entry(key, first));
                return 0;
            }
        }
    }

    /** Takes back one request of {@code key} counted at {@code acquiredMillis}, if it is still counted. */
    void refund(long key, long acquiredMillis) {
        int base = bucket(key) * WAYS;
        for (int i = 0; i < WAYS; i++) {
            Entry entry = slots.get(base + i);
            if (entry != null && entry.key == key) {
                while (true) {
                    long state = entry.get();
                    long next = state == DEAD ? state : window.refund(state, acquiredMillis);
                    if (next == state || entry.compareAndSet(state, next)) {
                        return;
                    }
                }
            }
        }
    }

    /** Keys whose counts have not expired at {@code nowMillis}; a walk over the table, for metrics. */
    int size(long nowMillis) {
        int live = 0;
        for (int i = 0; i < slots.length(); i++) {
            Entry entry = slots.get(i);
            if (entry != null) {
                long state = entry.get();
                if (state != DEAD && !window.expired(state, nowMillis)) {
                    live++;
                }
            }
        }
        return live;
    }

    private int bucket(long key) {
        long h = KeyHashes.mix(key ^ seed);
        // Lemire's multiply-shift: the top 32 bits of the hash scaled to the bucket count, without a division.
        return (int) (((h >>> 32) * buckets) >>> 32);
    }
}
