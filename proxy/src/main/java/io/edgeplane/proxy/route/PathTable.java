package io.edgeplane.proxy.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The routes of one host group, matched by path in nginx {@code location} order and then by their
 * method and header conditions. See {@link RouteTable} for the precedence.
 */
final class PathTable {

    private final Map<String, int[]> exact;
    private final Pattern[] regexes;
    private final int[] regexRoutes;
    private final PrefixTree prefixes;
    /** Indexed by route number and shared by every group of one table. */
    private final RouteConditions[] conditions;

    private PathTable(Map<String, int[]> exact, Pattern[] regexes, int[] regexRoutes, PrefixTree prefixes,
            RouteConditions[] conditions) {
        this.exact = exact;
        this.regexes = regexes;
        this.regexRoutes = regexRoutes;
        this.prefixes = prefixes;
        this.conditions = conditions;
    }

    /** The first route in precedence order that matches, or -1. */
    int match(RequestView request, String path) {
        if (!exact.isEmpty()) {
            int[] routes = exact.get(path);
            if (routes != null) {
                int route = firstAllowing(routes, request);
                if (route >= 0) {
                    return route;
                }
            }
        }
        for (int i = 0; i < regexes.length; i++) {
            // Conditions first: they are cheaper than a regex and spare a Matcher when they fail.
            if (conditions[regexRoutes[i]].test(request) && regexes[i].matcher(path).find()) {
                return regexRoutes[i];
            }
        }
        for (PrefixTree.PrefixRoutes p = prefixes.longest(path); p != null; p = p.shorter()) {
            int route = firstAllowing(p.routes(), request);
            if (route >= 0) {
                return route;
            }
        }
        return -1;
    }

    private int firstAllowing(int[] routes, RequestView request) {
        for (int route : routes) {
            if (conditions[route].test(request)) {
                return route;
            }
        }
        return -1;
    }

    /** Collects the routes of one group; add them in written order. */
    static final class Builder {

        private final Map<String, List<Integer>> exact = new LinkedHashMap<>();
        private final List<Pattern> regexes = new ArrayList<>();
        private final List<Integer> regexRoutes = new ArrayList<>();
        private final PrefixTree.Builder prefixes = new PrefixTree.Builder();

        void addExact(String path, int route) {
            exact.computeIfAbsent(path, p -> new ArrayList<>(1)).add(route);
        }

        void addRegex(Pattern regex, int route) {
            regexes.add(regex);
            regexRoutes.add(route);
        }

        /** A route without a path condition is the prefix "", the shortest. */
        void addPrefix(String prefix, int route) {
            prefixes.add(prefix, route);
        }

        PathTable build(RouteConditions[] conditions) {
            Map<String, int[]> exactPaths = new HashMap<>();
            exact.forEach((path, routes) -> exactPaths.put(path, toArray(routes)));
            return new PathTable(Map.copyOf(exactPaths), regexes.toArray(new Pattern[0]), toArray(regexRoutes),
                    prefixes.build(), conditions);
        }

        private static int[] toArray(List<Integer> routes) {
            return routes.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
