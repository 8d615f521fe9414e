package io.edgeplane.gateway.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** An admin API answer before it is written: status, content type, body and any extra headers. */
record AdminResponse(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    AdminResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    static AdminResponse text(HttpResponseStatus status, String body) {
        return new AdminResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static AdminResponse of(HttpResponseStatus status, String contentType, String body) {
        return new AdminResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, contentType, body, more);
    }
}
