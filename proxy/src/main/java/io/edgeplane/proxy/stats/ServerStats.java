package io.edgeplane.proxy.stats;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server of a pool.
 *
 * @param name           its address as configured ({@code 10.0.0.5:8080}, {@code app.internal:80})
 * @param state          what it is now
 * @param backup         whether it takes traffic only when no primary can
 * @param weight         its weight now (an operator may have changed it; slow start ramps it)
 * @param configuredWeight its weight in the config
 * @param active         requests it serves now
 * @param maxActive      the most at once since the pool was built
 * @param failures       attempts that failed (connect errors, lost connections, timeouts)
 * @param ejections      times passive checks took it out of service
 * @param traffic        requests it answered
 * @param check          its last active health check, if it has checks
 * @param lastChange     when its state last changed (or when it was first seen)
 * @param history        its last state changes, oldest first
 */
public record ServerStats(String name, ServerState state, boolean backup, int weight, int configuredWeight, int active,
                          int maxActive, long failures, long ejections, Traffic traffic, Optional<CheckResult> check,
                          Instant lastChange, List<StateChange> history) {

    public ServerStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(lastChange, "lastChange");
        history = List.copyOf(history);
    }
}
