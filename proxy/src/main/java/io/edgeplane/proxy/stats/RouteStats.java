package io.edgeplane.proxy.stats;

import java.util.Objects;

/**
 * One route of a listener.
 *
 * @param name    its name as metrics and the access log show it
 * @param action  what it does: {@code upstream <pool>}, {@code respond}, {@code redirect} or {@code files}
 * @param traffic the requests it answered
 */
public record RouteStats(String name, String action, Traffic traffic) {

    public RouteStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(traffic, "traffic");
    }
}
