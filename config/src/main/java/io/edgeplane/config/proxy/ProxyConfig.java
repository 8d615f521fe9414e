package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.HostPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reverse proxy: HTTP listeners, each with an ordered list of routes, and named upstream pools.
 *
 * @param listeners  where clients connect, each with its own routes and limits
 * @param upstreams  server pools by name; routes refer to them by that name
 * @param rateLimits request rate limits by name; listeners and routes refer to them by that name, and every
 *                   place that names one shares its counts
 * @param headerPolicies header edits by name, which listeners and routes apply with {@code headers: { use: [...] }};
 *                   one named as a {@linkplain HeaderPolicyConfig#BUILT_IN built-in policy} replaces it
 * @param resolver   how the upstream servers' names are looked up and re-resolved; absent = every default
 * @param accessLog  one line per request; absent = no access log
 */
public record ProxyConfig(List<ListenerConfig> listeners, Map<String, UpstreamConfig> upstreams,
                          Map<String, RateLimitConfig> rateLimits, Map<String, HeaderPolicyConfig> headerPolicies,
                          ResolverConfig resolver, Optional<AccessLogConfig> accessLog) implements Checked {

    public ProxyConfig {
        listeners = List.copyOf(listeners);
        upstreams = Map.copyOf(upstreams);
        rateLimits = Map.copyOf(rateLimits);
        headerPolicies = Map.copyOf(headerPolicies);
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(accessLog, "accessLog");
    }

    @Override
    public void check(Checks checks) {
        rateLimits.keySet().forEach(name -> checks.key("rate_limits").key(name).require(name.matches("[A-Za-z0-9_.-]+"),
                "'" + name + "' is not a rate limit name", "letters, digits, '_', '-' and '.'"));
        headerPolicies.keySet().forEach(name -> checks.key("header_policies").key(name).require(name.matches("[A-Za-z0-9_.-]+"),
                "'" + name + "' is not a header policy name", "letters, digits, '_', '-' and '.'"));
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
                checkPolicyNames(at.key("routes").index(r).key("headers"), listener.routes().get(r).headers().use(),
                        listener.headers().use());
            }
            checkLimitNames(at, listener.rateLimits(), List.of());
            checkPolicyNames(at.key("headers"), listener.headers().use(), List.of());
            // An inline limit is counted and measured under the listener's name, which a named one must not take.
            at.key("rate_limit").require(listener.rateLimit().isEmpty() || !rateLimits.containsKey(listener.name()),
                    "listener " + listener.name() + "'s rate_limit would be measured under the name of proxy.rate_limits."
                            + listener.name(), "a listener name that no rate limit has, or the named limit in rate_limits");
        }
    }

    /** The header policy of that name: the one defined under {@code header_policies}, else a built-in one. */
    public Optional<HeaderPolicyConfig> headerPolicy(String name) {
        HeaderPolicyConfig defined = headerPolicies.get(name);
        return Optional.ofNullable(defined != null ? defined : HeaderPolicyConfig.BUILT_IN.get(name));
    }

    /**
     * The edits a listener's or route's {@code headers} stand for, in the order they run: each policy it uses,
     * then its own edits.
     *
     * @throws IllegalArgumentException if it uses a policy this config does not have (the check refuses that)
     */
    public List<HeaderPolicyConfig> headerEdits(HeadersConfig headers) {
        List<HeaderPolicyConfig> edits = new ArrayList<>(headers.use().size() + 1);
        for (String name : headers.use()) {
            edits.add(headerPolicy(name).orElseThrow(() -> new IllegalArgumentException(
                    "no header policy is named '" + name + "'; known: " + headerPolicyNames())));
        }
        edits.add(headers.own());
        return List.copyOf(edits);
    }

    /** Every policy name a listener or route may use: the built-in ones and the defined ones, sorted. */
    private Set<String> headerPolicyNames() {
        Set<String> names = new TreeSet<>(HeaderPolicyConfig.BUILT_IN.keySet());
        names.addAll(headerPolicies.keySet());
        return names;
    }

    /**
     * Policy names that exist, each once, and not also used by the listener: a route's edits run after its
     * listener's, so a second run of the same policy would only add its {@code add} values twice.
     */
    private void checkPolicyNames(Checks at, List<String> used, List<String> listenerPolicies) {
        Set<String> seen = new HashSet<>(listenerPolicies);
        for (int i = 0; i < used.size(); i++) {
            String name = used.get(i);
            Checks item = at.key("use").index(i);
            if (item.require(headerPolicy(name).isPresent(), "no header policy is named '" + name + "'",
                    "one of " + String.join(", ", headerPolicyNames()))) {
                item.require(seen.add(name), listenerPolicies.contains(name)
                        ? "header policy '" + name + "' is already used by this listener, whose edits run before the route's"
                        : "header policy '" + name + "' is named twice here", "each policy once, on the listener or on its route");
            }
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
