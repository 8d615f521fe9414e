package io.edgeplane.proxy.action;

import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.ValueTemplate;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/** Answer with a fixed status, body and headers (nginx's {@code return}, Caddy's {@code respond}). */
public record FixedResponse(int routeIndex, HttpResponseStatus status, ValueTemplate body, HeaderEdits headers,
                            HeaderEdits requestHeaders, HeaderEdits responseHeaders) implements RouteAction {

    public FixedResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }
}
