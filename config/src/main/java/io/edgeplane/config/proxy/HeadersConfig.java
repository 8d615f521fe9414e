package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.ScalarForm;
import java.util.List;
import java.util.Objects;

/**
 * Header edits on the way to the upstream ({@code request}) and back to the client ({@code response}), after
 * those of the {@link HeaderPolicyConfig policies} named in {@code use}. A plain value is one policy alone:
 * {@code headers: security} is {@code headers: { use: [security] }}.
 *
 * @param use      names of {@code proxy.header_policies} (or built-in policies), applied in this order before
 *                 the edits below, so that those have the last word
 * @param request  edits on the way to the upstream
 * @param response edits on the way back to the client
 */
@ScalarForm("use")
public record HeadersConfig(List<String> use, HeaderEditsConfig request, HeaderEditsConfig response) {

    public HeadersConfig {
        use = List.copyOf(use);
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }

    /** Edits of its own, no policy. */
    public HeadersConfig(HeaderEditsConfig request, HeaderEditsConfig response) {
        this(List.of(), request, response);
    }

    /** This block's own edits, without the policies it uses. */
    public HeaderPolicyConfig own() {
        return new HeaderPolicyConfig(request, response);
    }

    public boolean isEmpty() {
        return use.isEmpty() && request.isEmpty() && response.isEmpty();
    }
}
