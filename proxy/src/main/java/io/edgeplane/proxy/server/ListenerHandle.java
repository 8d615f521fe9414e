package io.edgeplane.proxy.server;

import io.edgeplane.proxy.limit.ClientConnections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that is running: its bound sockets, its current runtime (swapped whole on reload) and its
 * open connection count. Survives reloads that keep its addresses.
 */
final class ListenerHandle {

    private final String name;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger maxConnections = new AtomicInteger();
    /** Open connections per client, for max_connections_per_client; kept, like the total, across reloads. */
    private final ClientConnections clients = new ClientConnections();
    private volatile ListenerRuntime runtime;
    private volatile List<Channel> sockets = List.of();
    /** The open-connections gauge, registered while the listener runs. */
    private Gauge connectionsGauge;

    ListenerHandle(String name, ListenerRuntime runtime) {
        this.name = Objects.requireNonNull(name, "name");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    String name() {
        return name;
    }

    ListenerRuntime runtime() {
        return runtime;
    }

    void runtime(ListenerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    List<Channel> sockets() {
        return sockets;
    }

    void sockets(List<Channel> sockets) {
        this.sockets = List.copyOf(sockets);
    }

    /** Counts a new connection in; false (and not counted) when the listener is at its limit. */
    boolean tryOpen() {
        int max = runtime.limits().maxConnections();
        while (true) {
            int now = connections.get();
            if (now >= max) {
                return false;
            }
            if (connections.compareAndSet(now, now + 1)) {
                if (now + 1 > maxConnections.get()) {
                    maxConnections.accumulateAndGet(now + 1, Math::max);
                }
                return true;
            }
        }
    }

    /** Registers the gauge of open connections (once); returns its id. */
    synchronized Meter.Id registerGauge(MeterRegistry registry) {
        if (connectionsGauge == null) {
            connectionsGauge = Gauge.builder("edgeplane.proxy.connections", this, ListenerHandle::connections)
                    .description("Client connections open now, by listener")
                    .tags("listener", name).strongReference(true).register(registry);
        }
        return connectionsGauge.getId();
    }

    synchronized void unregisterGauge(MeterRegistry registry) {
        if (connectionsGauge != null) {
            registry.remove(connectionsGauge);
            connectionsGauge = null;
        }
    }

    ClientConnections clients() {
        return clients;
    }

    void closed() {
        connections.decrementAndGet();
    }

    int connections() {
        return connections.get();
    }

    /** The most connections open at once since the listener was bound. */
    int maxConnections() {
        return maxConnections.get();
    }
}
