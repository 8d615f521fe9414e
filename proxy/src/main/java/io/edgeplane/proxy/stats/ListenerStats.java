package io.edgeplane.proxy.stats;

import java.util.List;
import java.util.Objects;

/**
 * One listener.
 *
 * @param name           as configured
 * @param addresses      where it listens, with the ports actually bound ({@code 127.0.0.1:8080})
 * @param tls            whether it terminates TLS
 * @param connections    client connections open now
 * @param maxConnections the most open at once since it was built
 * @param connectionLimit its {@code max_connections}, 0 for none
 * @param traffic        every request it answered, routed or not
 * @param routes         its routes, in config order
 */
public record ListenerStats(String name, List<String> addresses, boolean tls, int connections, int maxConnections,
                            int connectionLimit, Traffic traffic, List<RouteStats> routes) {

    public ListenerStats {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(traffic, "traffic");
        routes = List.copyOf(routes);
    }
}
