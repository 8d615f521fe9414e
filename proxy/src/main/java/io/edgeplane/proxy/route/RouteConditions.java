package io.edgeplane.proxy.route;

import io.edgeplane.config.proxy.MatchConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The method and header conditions of one route, the part of a match that neither the host nor the
 * path index can answer. Arrays rather than collections so that a test is a plain loop.
 */
final class RouteConditions {

    private static final String[] NONE = new String[0];

    /** Any of these methods; empty means any method. Case-sensitive, as HTTP methods are. */
    private final String[] methods;
    private final String[] headerNames;
    private final String[] headerValues;

    private RouteConditions(String[] methods, String[] headerNames, String[] headerValues) {
        this.methods = methods;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
    }

    static RouteConditions of(Optional<MatchConfig> match) {
        if (match.isEmpty()) {
            return new RouteConditions(NONE, NONE, NONE);
        }
        MatchConfig m = match.get();
        String[] names = new String[m.header().size()];
        String[] values = new String[names.length];
        int i = 0;
        for (Map.Entry<String, String> header : m.header().entrySet()) {
            names[i] = header.getKey();
            values[i] = header.getValue();
            i++;
        }
        return new RouteConditions(m.method().toArray(NONE), names, values);
    }

    boolean test(RequestView request) {
        if (methods.length > 0 && !contains(methods, request.method())) {
            return false;
        }
        for (int i = 0; i < headerNames.length; i++) {
            if (!headerValues[i].equals(request.header(headerNames[i]))) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(String[] values, String value) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
