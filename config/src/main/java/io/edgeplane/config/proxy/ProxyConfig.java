package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.HostPort;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reverse proxy: HTTP listeners, each with an ordered list of routes, and named upstream pools.
 *
 * @param listeners  where clients connect, each with its own routes and limits
 * @param upstreams  server pools by name; routes refer to them by that name
 * @param resolver   how the upstream servers' names are looked up and re-resolved; absent = every default
 * @param accessLog  one line per request; absent = no access log
 */
public record ProxyConfig(List<ListenerConfig> listeners, Map<String, UpstreamConfig> upstreams,
                          ResolverConfig resolver, Optional<AccessLogConfig> accessLog) implements Checked {

    public ProxyConfig {
        listeners = List.copyOf(listeners);
        upstreams = Map.copyOf(upstreams);
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(accessLog, "accessLog");
    }

    @Override
    public void check(Checks checks) {
        Set<String> names = new HashSet<>();
        Map<HostPort, String> addresses = new HashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
            Checks at = checks.key("listeners").index(i);
            at.key("name").require(names.add(listener.name()),
                    "listener name '" + listener.name() + "' is used twice", "a unique name per listener");
            for (int j = 0; j < listener.listen().size(); j++) {
                HostPort address = listener.listen().get(j);
                String other = addresses.putIfAbsent(address, listener.name());
                at.key("listen").index(j).require(other == null || address.port() == 0,
                        address + " is already the address of listener '" + other + "'", "one listener per address");
            }
            for (int r = 0; r < listener.routes().size(); r++) {
                String upstream = listener.routes().get(r).upstream().orElse(null);
                at.key("routes").index(r).key("upstream").require(upstream == null || upstreams.containsKey(upstream),
                        "no upstream is named '" + upstream + "'",
                        upstreams.isEmpty() ? "an upstream defined under proxy.upstreams"
                                : "one of " + String.join(", ", upstreams.keySet().stream().sorted().toList()));
            }
        }
    }
}
