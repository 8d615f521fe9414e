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
 * @param rateLimits request rate limits by name; listeners and routes refer to them by that name, and every
 *                   place that names one shares its counts
 * @param resolver   how the upstream servers' names are looked up and re-resolved; absent = every default
 * @param accessLog  one line per request; absent = no access log
 */
public record ProxyConfig(List<ListenerConfig> listeners, Map<String, UpstreamConfig> upstreams,
                          Map<String, RateLimitConfig> rateLimits, ResolverConfig resolver,
                          Optional<AccessLogConfig> accessLog) implements Checked {

    public ProxyConfig {
        listeners = List.copyOf(listeners);
        upstreams = Map.copyOf(upstreams);
        rateLimits = Map.copyOf(rateLimits);
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(accessLog, "accessLog");
    }

    @Override
    public void check(Checks checks) {
        rateLimits.keySet().forEach(name -> checks.key("rate_limits").key(name).require(name.matches("[A-Za-z0-9_.-]+"),
                "'" + name + "' is not a rate limit name", "letters, digits, '_', '-' and '.'"));
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
                checkLimitNames(at.key("routes").index(r), listener.routes().get(r).rateLimits(), listener.rateLimits());
            }
            checkLimitNames(at, listener.rateLimits(), List.of());
            // An inline limit is counted and measured under the listener's name, which a named one must not take.
            at.key("rate_limit").require(listener.rateLimit().isEmpty() || !rateLimits.containsKey(listener.name()),
                    "listener " + listener.name() + "'s rate_limit would be measured under the name of proxy.rate_limits."
                            + listener.name(), "a listener name that no rate limit has, or the named limit in rate_limits");
        }
    }

    /** Names that exist, each once, and not also applied by the listener (that would count a request twice). */
    private void checkLimitNames(Checks at, List<String> referred, List<String> listenerLimits) {
        Set<String> seen = new HashSet<>(listenerLimits);
        for (int i = 0; i < referred.size(); i++) {
            String name = referred.get(i);
            Checks item = at.key("rate_limits").index(i);
            if (item.require(rateLimits.containsKey(name), "no rate limit is named '" + name + "'",
                    rateLimits.isEmpty() ? "a limit defined under proxy.rate_limits"
                            : "one of " + String.join(", ", rateLimits.keySet().stream().sorted().toList()))) {
                item.require(seen.add(name), listenerLimits.contains(name)
                        ? "rate limit '" + name + "' already applies to every request of this listener"
                        : "rate limit '" + name + "' is named twice here", "each limit once per request");
            }
        }
    }
}
