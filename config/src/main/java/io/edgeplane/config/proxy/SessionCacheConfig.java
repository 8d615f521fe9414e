package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;

/**
 * The server-side TLS session cache, which lets a returning client skip the full handshake without session
 * tickets. HAProxy's {@code tune.ssl.cachesize} and {@code tune.ssl.lifetime}, with their defaults.
 *
 * @param size    sessions kept per certificate; 0 turns the cache off
 * @param timeout how long a session may be resumed
 */
public record SessionCacheConfig(@Default("20000") int size, @Default("5m") Duration timeout) implements Checked {

    public SessionCacheConfig {
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void check(Checks checks) {
        checks.key("size").require(size >= 0 && size <= 10_000_000, "size must be 0..10000000", "such as 20000, or 0 for none");
        checks.key("timeout").require(timeout.compareTo(Duration.ofSeconds(1)) >= 0 && timeout.compareTo(Duration.ofDays(1)) <= 0,
                "timeout must be between 1s and 24h", "such as 5m");
    }
}
