package io.edgeplane.gateway.health;

import io.edgeplane.core.health.HealthSignals;
import io.edgeplane.proxy.server.ProxyService;
import io.edgeplane.proxy.stats.ListenerStats;
import io.edgeplane.proxy.stats.PoolStats;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The running proxy's health as VRRP tracks it: a listener is healthy while it is bound (its sockets listen), a
 * pool while at least one of its servers is available. What keepalived's {@code check_haproxy.sh} asked of
 * HAProxy from outside, read from the same process. Empty when no proxy runs or it has no such name.
 */
public final class ProxyHealthSignals implements HealthSignals {

    private final Supplier<Optional<ProxyService>> proxy;

    /** @param proxy the proxy service running now, if any (it may come and go with reloads) */
    public ProxyHealthSignals(Supplier<Optional<ProxyService>> proxy) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    public Optional<Boolean> listenerHealthy(String name) {
        try {
            return proxy.get().flatMap(service -> service.control().stats().listeners().stream()
                    .filter(listener -> listener.name().equals(name)).findFirst())
                    .map(ProxyHealthSignals::bound);
        } catch (RuntimeException e) {
            // The contract is never to throw: a proxy between two configs answers nothing this time.
            return Optional.empty();
        }
    }

    @Override
    public Optional<Boolean> poolHealthy(String name) {
        try {
            return proxy.get().flatMap(service -> service.control().pool(name)).map(pool -> available(pool));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean bound(ListenerStats listener) {
        return !listener.addresses().isEmpty();
    }

    private static boolean available(PoolStats pool) {
        return pool.available() > 0;
    }
}
