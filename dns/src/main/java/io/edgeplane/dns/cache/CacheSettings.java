package io.edgeplane.dns.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How the cache keeps answers (the config's {@code dns.cache}).
 *
 * @param maxEntries     answers kept at most; 0 keeps none
 * @param minTtl         positive answers are kept at least this long, their TTLs raised to it
 * @param maxTtl         positive answers are kept at most this long, their TTLs lowered to it
 * @param maxNegativeTtl NXDOMAIN and no-data answers are kept at most this long
 */
public record CacheSettings(int maxEntries, Duration minTtl, Duration maxTtl, Duration maxNegativeTtl) {

    public CacheSettings {
        Objects.requireNonNull(minTtl, "minTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries " + maxEntries + " is negative");
        }
        if (minTtl.isNegative() || maxTtl.compareTo(minTtl) < 0 || maxNegativeTtl.isNegative()) {
            throw new IllegalArgumentException("TTL clamps out of order: min " + minTtl + ", max " + maxTtl
                    + ", negative " + maxNegativeTtl);
        }
    }

    /** The floor and ceiling, in seconds, for the TTLs of an answer. */
    TtlClamp clamp(boolean negative) {
        return negative ? new TtlClamp(0, seconds(maxNegativeTtl)) : new TtlClamp(seconds(minTtl), seconds(maxTtl));
    }

    private static long seconds(Duration duration) {
        return Math.min(duration.toSeconds(), WireRecords.MAX_TTL);
    }
}
