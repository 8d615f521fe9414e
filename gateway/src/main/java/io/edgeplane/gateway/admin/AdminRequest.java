package io.edgeplane.gateway.admin;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One admin request, read off the connection: what the endpoints need and nothing of Netty's lifetime.
 *
 * @param parameters the query's parameters and, for a form post, the form's (the form's win)
 * @param user       the authenticated user, or {@code "-"} where no credentials are configured
 * @param client     the client's address
 * @param crossSite  whether the request came from a page of another origin (its Origin header says so): a
 *                   browser's cross-site form post, which must not change anything
 */
record AdminRequest(HttpMethod method, String path, Map<String, List<String>> parameters, String user, String client,
                    boolean crossSite) {

    AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(client, "client");
    }

    /** A request without parameters or identity; for endpoints that need neither. */
    static AdminRequest of(HttpMethod method, String path) {
        return new AdminRequest(method, path, Map.of(), "-", "-", false);
    }

    /**
     * @param uri         the request target
     * @param formBody    the body of an {@code application/x-www-form-urlencoded} post, else null
     * @param origin      the Origin header, or null
     * @param host        the Host header, or null
     */
    static AdminRequest parse(HttpMethod method, String uri, String formBody, String user, String client, String origin,
                              String host) {
        QueryStringDecoder target = new QueryStringDecoder(uri);
        Map<String, List<String>> parameters = new HashMap<>(target.parameters());
        if (formBody != null && !formBody.isEmpty()) {
            parameters.putAll(new QueryStringDecoder(formBody, StandardCharsets.UTF_8, false).parameters());
        }
        boolean crossSite = origin != null && !origin.equals("null") && host != null
                && !origin.equalsIgnoreCase("http://" + host) && !origin.equalsIgnoreCase("https://" + host);
        return new AdminRequest(method, target.path(), parameters, user, client, crossSite || "null".equals(origin));
    }

    Optional<String> parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /** Who, for the audit log and a server's history: {@code alice from 10.0.0.7}. */
    String who() {
        return user + " from " + client;
    }
}
