package io.edgeplane.gateway.runtime;

import io.edgeplane.core.lifecycle.Health;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the admin API may read and do to the running process. */
public interface GatewayControl {

    /** The config that runs now. */
    Snapshot current();

    /**
     * The running services that are a {@code type}, in start order: how the admin API reaches a service's
     * own runtime controls (the proxy's, the DNS cache's) without the gateway knowing each by name.
     */
    <T> List<T> running(Class<T> type);

    /** Each running service's health, by service name, in start order. */
    Map<String, Health> health();

    /** True once every service has started, until the process starts to stop. */
    boolean ready();

    /** Re-reads the config source and applies it whole, or changes nothing and says why. */
    ReloadOutcome reload(String trigger);

    Optional<ReloadOutcome> lastReload();

    /** All metrics in the Prometheus text format. */
    String scrapeMetrics();

    /** When the process started. */
    Instant startedAt();

    /** edgeplane's version. */
    String version();

    /** {@code epoll} or {@code nio}. */
    String transport();
}
