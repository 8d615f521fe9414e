package io.edgeplane.proxy.route;

import io.edgeplane.config.proxy.MatchConfig;
import io.edgeplane.config.proxy.RouteConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routes of a listener, compiled once per config: finds the route a request takes, as nginx picks a
 * {@code server} by {@code server_name} and then a {@code location}, extended with method and header
 * conditions.
 *
 * <h2>Host</h2>
 * Routes are grouped by their host condition; a route listing several hosts belongs to each of those
 * groups, and a route without one to the default group. The groups tried for a request, in order:
 * <ol>
 *   <li>the routes listing the request's host exactly;</li>
 *   <li>the routes of each wildcard that matches the host, longest suffix first: {@code *.example.com}
 *       matches {@code a.example.com} and {@code a.b.example.com}, never {@code example.com};</li>
 *   <li>the routes without a host condition.</li>
 * </ol>
 * nginx stops at the first {@code server} whose name matches. Here, when no route of a group matches
 * the rest of the request, the lookup falls back to the next group: a route's method or header
 * conditions, which nginx has no counterpart for, then narrow a host's routes instead of shadowing the
 * default routes, and {@code *.example.com} adding one path does not hide the rest of the default
 * routes from its hosts. A request without a host tries only the default group.
 *
 * <h2>Path, method and headers</h2>
 * Within a group the candidates whose path condition matches are tried in this order, and the first
 * whose methods (if any; case-sensitive) include the request's and whose every header condition holds
 * (exact value; case-insensitive name) is the route:
 * <ol>
 *   <li>{@code path} routes equal to the path, in written order (nginx {@code location =});</li>
 *   <li>{@code path_regex} routes that find a match in the path, in written order (nginx
 *       {@code location ~}): as in nginx, a regex beats even the longest prefix. A regex is searched for
 *       anywhere in the path unless it anchors itself with {@code ^} or {@code $}, and is case-sensitive
 *       unless it says {@code (?i)};</li>
 *   <li>{@code path_prefix} routes that the path starts with, longest prefix first and in written order
 *       among equal prefixes (nginx {@code location /app/}). Prefixes are character prefixes, so
 *       {@code /app} matches {@code /apple} as it does in nginx;</li>
 *   <li>routes without a path condition, in written order: the prefix "", the shortest.</li>
 * </ol>
 * The path is matched as received, not decoded, without the query string.
 *
 * <h2>Cost</h2>
 * A lookup reads the host with one hash lookup, then probes each suffix after a dot for wildcards in
 * place; finds exact paths with one hash lookup; and walks the path once down a radix tree of the
 * prefixes. It allocates nothing and never scans every route, except that a regex route it reaches
 * allocates a {@link java.util.regex.Matcher}: the route asked for a regex, and groups without regexes
 * skip that step. The table is immutable and safe to share between threads.
 *
 * @param <T> what a route leads to: the caller's compiled action
 */
public final class RouteTable<T> {

    private final List<T> targets;
    private final Map<String, PathTable> exactHosts;
    private final WildcardHosts wildcardHosts;
    private final PathTable defaultHost;

    private RouteTable(List<T> targets, Map<String, PathTable> exactHosts, WildcardHosts wildcardHosts,
            PathTable defaultHost) {
        this.targets = targets;
        this.exactHosts = exactHosts;
        this.wildcardHosts = wildcardHosts;
        this.defaultHost = defaultHost;
    }

    /**
     * Compiles routes whose config has been checked.
     *
     * @param routes  the routes in the order written
     * @param targets what each route leads to: {@code targets.get(i)} for {@code routes.get(i)}
     * @throws IllegalArgumentException if the sizes differ or a route has more than one path condition
     */
    public static <T> RouteTable<T> compile(List<RouteConfig> routes, List<T> targets) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(targets, "targets");
        if (routes.size() != targets.size()) {
            throw new IllegalArgumentException(
                    routes.size() + " routes but " + targets.size() + " targets; expected one target per route");
        }
        RouteConditions[] conditions = new RouteConditions[routes.size()];
        Map<String, PathTable.Builder> exactHosts = new LinkedHashMap<>();
        Map<String, PathTable.Builder> wildcardHosts = new LinkedHashMap<>();
        PathTable.Builder defaultHost = new PathTable.Builder();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = Objects.requireNonNull(routes.get(i), "routes[" + i + "]");
            conditions[i] = RouteConditions.of(route.match());
            PathCondition path = PathCondition.of(route.match(), i);
            Set<String> hosts = new LinkedHashSet<>(route.match().map(MatchConfig::host).orElse(List.of()));
            if (hosts.isEmpty()) {
                path.addTo(defaultHost, i);
            }
            for (String host : hosts) {
                if (host.startsWith("*.") && host.length() > 2) {
                    path.addTo(wildcardHosts.computeIfAbsent(host.substring(2), h -> new PathTable.Builder()), i);
                } else if (!host.isEmpty() && host.indexOf('*') < 0) {
                    path.addTo(exactHosts.computeIfAbsent(host, h -> new PathTable.Builder()), i);
                } else {
                    throw new IllegalArgumentException("route " + i + ": host '" + host
                            + "' is neither a host name nor a wildcard such as *.example.com");
                }
            }
        }
        return new RouteTable<>(List.copyOf(targets), build(exactHosts, conditions),
                new WildcardHosts(build(wildcardHosts, conditions)), defaultHost.build(conditions));
    }

    private static Map<String, PathTable> build(Map<String, PathTable.Builder> groups, RouteConditions[] conditions) {
        Map<String, PathTable> tables = new HashMap<>();
        groups.forEach((host, group) -> tables.put(host, group.build(conditions)));
        return Map.copyOf(tables);
    }

    /** What the matching route leads to, or null when no route matches. */
    public T lookup(RequestView request) {
        int route = lookupIndex(request);
        return route < 0 ? null : targets.get(route);
    }

    /** The index of the matching route in the list compiled, or -1 when no route matches. */
    public int lookupIndex(RequestView request) {
        String host = request.host();
        String path = request.path();
        if (!host.isEmpty()) {
            PathTable exact = exactHosts.get(host);
            if (exact != null) {
                int route = exact.match(request, path);
                if (route >= 0) {
                    return route;
                }
            }
            if (!wildcardHosts.isEmpty()) {
                // The first dot after at least one character starts the longest suffix a wildcard can match.
                for (int dot = host.indexOf('.', 1); dot >= 0; dot = host.indexOf('.', dot + 1)) {
                    PathTable wildcard = wildcardHosts.get(host, dot + 1);
                    if (wildcard != null) {
                        int route = wildcard.match(request, path);
                        if (route >= 0) {
                            return route;
                        }
                    }
                }
            }
        }
        return defaultHost.match(request, path);
    }

    /** How many routes the table holds. */
    public int size() {
        return targets.size();
    }

    @Override
    public String toString() {
        return "RouteTable[" + targets.size() + " routes, " + exactHosts.size() + " host names]";
    }

    /** The one path condition of a route, which decides where in a group's indexes the route goes. */
    private sealed interface PathCondition {

        static PathCondition of(Optional<MatchConfig> match, int route) {
            if (match.isEmpty()) {
                return new Prefix("");
            }
            MatchConfig m = match.get();
            int given = (m.path().isPresent() ? 1 : 0) + (m.pathPrefix().isPresent() ? 1 : 0)
                    + (m.pathRegex().isPresent() ? 1 : 0);
            if (given > 1) {
                throw new IllegalArgumentException(
                        "route " + route + " has " + given + " path conditions; expected at most one of path, path_prefix or path_regex");
            }
            if (m.path().isPresent()) {
                return new Exact(m.path().get());
            }
            if (m.pathRegex().isPresent()) {
                // Compiled once here, and shared by every host group the route belongs to.
                return new Regex(Pattern.compile(m.pathRegex().get()));
            }
            return new Prefix(m.pathPrefix().orElse(""));
        }

        void addTo(PathTable.Builder group, int route);

        record Exact(String path) implements PathCondition {
            @Override
            public void addTo(PathTable.Builder group, int route) {
                group.addExact(path, route);
            }
        }

        record Regex(Pattern regex) implements PathCondition {
            @Override
            public void addTo(PathTable.Builder group, int route) {
                group.addRegex(regex, route);
            }
        }

        record Prefix(String prefix) implements PathCondition {
            @Override
            public void addTo(PathTable.Builder group, int route) {
                group.addPrefix(prefix, route);
            }
        }
    }
}
