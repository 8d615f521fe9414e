package io.edgeplane.dns.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Forwarded answers kept for their TTLs (clamped by {@link CacheSettings}), at most
 * {@link CacheSettings#maxEntries()} of them, the least useful evicted first (Caffeine's W-TinyLFU, which keeps
 * a hot name through a scan of one-off names where an LRU would not). Safe for every event loop at once.
 * Expired answers are never returned; they are removed as they are met and by {@link #cleanUp()}.
 */
public final class AnswerCache {

    /** What the cache did since it was made. */
    public record Stats(long hits, long misses, long evictions, long expirations, long inserts) {
    }

    private final CacheSettings settings;
    private final LongSupplier nanos;
    private final Cache<CacheKey, CachedAnswer> answers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder inserts = new LongAdder();

    /** @param nanos the monotonic clock TTLs count down on, as {@link System#nanoTime()} */
    public AnswerCache(CacheSettings settings, LongSupplier nanos) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.answers = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfter(new AnswerExpiry())
                .ticker(nanos::getAsLong)
                // Maintenance on the calling thread: a few entries at a time, no pool thread woken per write.
                .executor(Runnable::run)
                .evictionListener((CacheKey key, CachedAnswer answer, RemovalCause cause) -> counted(cause))
                .build();
    }

    public CacheSettings settings() {
        return settings;
    }

    /** The unexpired answer to {@code key}, or null; counted as a hit or a miss. */
    public CachedAnswer get(CacheKey key) {
        CachedAnswer answer = settings.maxEntries() == 0 ? null : answers.getIfPresent(key);
        (answer == null ? misses : hits).increment();
        return answer;
    }

    /** Keeps {@code answer} until its TTL, counted from when it was received, runs out; a spent one is not kept. */
    public void put(CacheKey key, CachedAnswer answer) {
        if (settings.maxEntries() > 0 && answer.expiresAtNanos() - nanos.getAsLong() > 0) {
            answers.put(key, answer);
            inserts.increment();
        }
    }

    /**
     * The answer a digested reply makes, received now, and kept when it may be: not for a chain cut short at
     * the server's domain nor a negative answer without an SOA, nor for a TTL that clamps to 0.
     */
    public CachedAnswer admit(CacheKey key, Digested.Usable reply) {
        CachedAnswer answer = reply.toAnswer(settings, nanos.getAsLong());
        if (reply.cacheTtl(settings) > 0) {
            put(key, answer);
        }
        return answer;
    }

    /** Empties the cache (a reload, the admin API's flush). */
    public void flush() {
        answers.invalidateAll();
    }

    /** Answers held, expired ones not yet removed included. */
    public long size() {
        return answers.estimatedSize();
    }

    /** Removes expired answers now rather than as they are met: run once a second so they free their memory. */
    public void cleanUp() {
        answers.cleanUp();
    }

    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), evictions.sum(), expirations.sum(), inserts.sum());
    }

    private void counted(RemovalCause cause) {
        switch (cause) {
            case SIZE, COLLECTED -> evictions.increment();
            case EXPIRED -> expirations.increment();
            case EXPLICIT, REPLACED -> {
                // Not the cache's doing.
            }
        }
    }

    /**
     * Each answer lives until its own TTL runs out, counted from when it was received (the ticker is the
     * same clock); a read does not extend it.
     */
    private static final class AnswerExpiry implements Expiry<CacheKey, CachedAnswer> {
        @Override
        public long expireAfterCreate(CacheKey key, CachedAnswer answer, long currentTime) {
            return Math.max(0, answer.expiresAtNanos() - currentTime);
        }

        @Override
        public long expireAfterUpdate(CacheKey key, CachedAnswer answer, long currentTime, long currentDuration) {
            return Math.max(0, answer.expiresAtNanos() - currentTime);
        }

        @Override
        public long expireAfterRead(CacheKey key, CachedAnswer answer, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
