package io.edgeplane.proxy.resolve;

import io.edgeplane.config.proxy.ResolverConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a name is looked up again: after its TTL, kept within {@link ResolverConfig#MIN_TTL} and
 * {@link ResolverConfig#MAX_TTL}, or after {@code valid} when the config sets one; after a failed lookup,
 * sooner, backing off from 1 s.
 *
 * @param valid replaces the records' TTL when present (nginx's {@code resolver ... valid=})
 */
public record RefreshPolicy(Optional<Duration> valid) {

    /** The longest wait before retrying a failed lookup, however long the name's TTL. */
    public static final Duration MAX_RETRY = Duration.ofSeconds(30);

    public RefreshPolicy {
        Objects.requireNonNull(valid, "valid");
    }

    public static RefreshPolicy of(ResolverConfig config) {
        return new RefreshPolicy(config.valid());
    }

    /** How long an answer whose records carry {@code ttl} is used before the name is asked again. */
    public Duration refreshAfter(Duration ttl) {
        if (valid.isPresent()) {
            return valid.get();
        }
        // A TTL of 0 ("do not cache") would mean a query per request; a TTL of days would never notice a move.
        if (ttl.compareTo(ResolverConfig.MIN_TTL) < 0) {
            return ResolverConfig.MIN_TTL;
        }
        return ttl.compareTo(ResolverConfig.MAX_TTL) > 0 ? ResolverConfig.MAX_TTL : ttl;
    }

    /**
     * How long to wait after the {@code failures}-th failed lookup in a row: 1 s, 2 s, 4 s, ... up to
     * {@link #MAX_RETRY}, and never longer than {@code refresh}, the wait a good answer would have earned, so
     * a failure is retried sooner than a success would be refreshed.
     */
    public Duration retryAfter(int failures, Duration refresh) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        Duration backoff = failures > 6 ? MAX_RETRY : Duration.ofSeconds(1L << (failures - 1));
        Duration retry = backoff.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff;
        return retry.compareTo(refresh) > 0 ? refresh : retry;
    }
}
