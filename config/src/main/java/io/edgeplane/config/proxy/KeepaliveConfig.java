package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;

/**
 * Idle connections to an upstream's servers, kept per event loop (nginx's {@code keepalive},
 * {@code keepalive_timeout}, {@code keepalive_requests}).
 *
 * @param maxIdle     idle connections kept per server and event loop; 0 = close after each request
 * @param idleTimeout an idle connection older than this is closed
 * @param maxRequests a connection is closed after this many requests
 */
public record KeepaliveConfig(@Default("32") int maxIdle, @Default("60s") Duration idleTimeout,
                              @Default("10000") int maxRequests) implements Checked {

    public KeepaliveConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    @Override
    public void check(Checks checks) {
        checks.key("max_idle").require(maxIdle >= 0 && maxIdle <= 10_000, "max_idle must be 0..10000", "such as 32");
        checks.key("max_requests").require(maxRequests >= 1, "max_requests must be at least 1", "such as 10000");
    }
}
