package io.edgeplane.proxy.action;

import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;
import java.util.Optional;

/** Redirect to the same request with scheme, host or path replaced; the query string is kept. */
public record Redirect(int routeIndex, HttpResponseStatus status, Optional<String> scheme, Optional<String> host,
                       Optional<String> path, HeaderEdits requestHeaders, HeaderEdits responseHeaders) implements RouteAction {

    public Redirect {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }

    /** The Location for {@code request}. */
    public String location(RequestContext request) {
        String targetHost = host.orElseGet(() -> {
            String asked = request.variable("http_host");
            // Changing only the scheme drops an explicit port: http://x:8080 → https://x, as HAProxy does.
            if (scheme.isPresent() && !scheme.get().equals(request.scheme())) {
                return request.host().isEmpty() ? asked : request.host();
            }
            return asked.isEmpty() ? request.variable("host") : asked;
        });
        StringBuilder location = new StringBuilder(64)
                .append(scheme.orElse(request.scheme())).append("://").append(targetHost)
                .append(path.orElse(request.path()));
        if (request.query() != null) {
            location.append('?').append(request.query());
        }
        return location.toString();
    }
}
