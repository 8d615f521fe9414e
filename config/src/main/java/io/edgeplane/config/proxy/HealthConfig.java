package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Active health checks of a pool's servers (HAProxy's {@code check inter 5s fall 3 rise 2} with
 * {@code option httpchk}, Caddy's {@code health_uri}). Each server is checked every {@code interval}, each
 * first check at a random point of the first interval so the servers' checks do not fall together. After
 * {@code fall} failed checks in a row a server is DOWN and takes no new requests; after {@code rise} good ones
 * in a row it is UP again. Servers start UP, as HAProxy's do. In a pool with {@code tls} every check makes the
 * TLS handshake a request would (HAProxy's {@code check-ssl}), and an HTTP check is sent over it: a server
 * whose certificate does not verify fails even a TCP check.
 *
 * @param http     an HTTP request to send; absent = a TCP connect is the check
 * @param interval time from one check of a server to its next
 * @param timeout  how long a check may take, connect and TLS handshake included; longer is a failure
 * @param fall     failed checks in a row that take a server DOWN
 * @param rise     good checks in a row that bring a DOWN server back UP
 */
public record HealthConfig(
        Optional<HttpCheckConfig> http,
        @Default("5s") Duration interval,
        @Default("2s") Duration timeout,
        @Default("3") int fall,
        @Default("2") int rise) implements Checked {

    public HealthConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void check(Checks checks) {
        checks.key("interval").require(interval.compareTo(Duration.ofMillis(100)) >= 0, "interval must be at least 100ms",
                "such as 5s");
        checks.key("timeout").require(!timeout.isZero() && !timeout.isNegative() && timeout.compareTo(interval) <= 0,
                "timeout must be above 0 and at most the interval (" + interval.toMillis() + "ms)", "such as 2s");
        checks.key("fall").require(fall >= 1 && fall <= 100, "fall must be 1..100", "such as 3");
        checks.key("rise").require(rise >= 1 && rise <= 100, "rise must be 1..100", "such as 2");
    }
}
