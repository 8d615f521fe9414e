package io.edgeplane.config.proxy;

import java.util.Objects;

/**
 * Header edits on the way to the upstream ({@code request}) and back to the client ({@code response}).
 */
public record HeadersConfig(HeaderEditsConfig request, HeaderEditsConfig response) {

    public HeadersConfig {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }

    public boolean isEmpty() {
        return request.isEmpty() && response.isEmpty();
    }
}
