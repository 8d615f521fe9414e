package io.edgeplane.core.health;

import java.util.Optional;

/**
 * The health of the proxy's listeners and upstream pools, by their config names, for VRRP to track in place of a
 * script that asks whether the local proxy answers (keepalived's {@code check_haproxy.sh}). The gateway implements
 * it from the running proxy.
 *
 * <p>Both methods are called from timer threads, about once a second per tracker: they must be thread-safe, must
 * not block (read what the proxy already keeps, such as a volatile snapshot), and must not throw.
 */
public interface HealthSignals {

    /**
     * Whether the listener is bound and accepting connections.
     *
     * @return empty when no listener of that name runs (not configured, or not yet started by a reload)
     */
    Optional<Boolean> listenerHealthy(String name);

    /**
     * Whether the upstream pool has at least one server available, as its health checks and the operator's
     * drain and maintenance settings decide.
     *
     * @return empty when no pool of that name runs
     */
    Optional<Boolean> poolHealthy(String name);
}
