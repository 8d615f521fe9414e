package io.edgeplane.proxy.stats;

import java.time.Instant;
import java.util.Objects;

/**
 * A server's last active health check.
 *
 * @param passed   whether it passed
 * @param detail   what it saw: {@code "HTTP 200"}, {@code "connection refused"}, {@code "timed out after 2s"}
 * @param at       when it ended
 * @param durationMillis how long it took
 */
public record CheckResult(boolean passed, String detail, Instant at, long durationMillis) {

    public CheckResult {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }
}
