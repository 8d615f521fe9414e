package io.edgeplane.config.dns;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;

/**
 * The cache of forwarded answers (dnsmasq's {@code cache-size}, unbound's {@code cache-min-ttl},
 * {@code cache-max-ttl} and {@code cache-max-negative-ttl}). Answers are kept for their TTL, clamped into
 * {@code min_ttl..max_ttl}; NXDOMAIN and no-data answers for their SOA's negative TTL (RFC 2308), at most
 * {@code max_negative_ttl}. It is emptied on reload and by {@code POST /api/dns/flush}.
 *
 * @param size           answers kept at most, the least useful evicted first; 0 turns the cache off
 * @param minTtl         answers are kept at least this long (and their TTLs raised to it)
 * @param maxTtl         answers are kept at most this long (and their TTLs lowered to it)
 * @param maxNegativeTtl NXDOMAIN and no-data answers are kept at most this long
 */
public record DnsCacheConfig(
        @Default("10000") int size,
        @Default("0s") Duration minTtl,
        @Default("1d") Duration maxTtl,
        @Default("1h") Duration maxNegativeTtl) implements Checked {

    public DnsCacheConfig {
        Objects.requireNonNull(minTtl, "minTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
    }

    /** The cache when the {@code cache} section is left out. */
    public static DnsCacheConfig defaults() {
        return new DnsCacheConfig(10000, Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1));
    }

    @Override
    public void check(Checks checks) {
        checks.key("size").require(size >= 0 && size <= 10_000_000, "size must be 0..10000000", "such as 10000; 0 turns the cache off");
        checks.key("min_ttl").require(!minTtl.isNegative() && minTtl.compareTo(Duration.ofHours(1)) <= 0,
                "min_ttl must be 0s..1h", "such as 0s, or 60s to ride out short TTLs");
        checks.key("max_ttl").require(maxTtl.compareTo(Duration.ofSeconds(1)) >= 0 && maxTtl.compareTo(minTtl) >= 0
                        && maxTtl.toSeconds() <= Integer.MAX_VALUE,
                "max_ttl must be at least 1s and at least min_ttl (" + minTtl.toSeconds() + "s)", "such as 1d");
        checks.key("max_negative_ttl").require(!maxNegativeTtl.isNegative() && maxNegativeTtl.toSeconds() <= Integer.MAX_VALUE,
                "max_negative_ttl must be 0s or more", "such as 1h; 0s keeps no negative answers");
    }
}
