package io.edgeplane.config.proxy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Header edits under a name in {@code proxy.header_policies}, for listeners and routes to apply with
 * {@code headers: { use: [name] }} instead of writing the same edits out on each. A policy does not use other
 * policies: one level keeps the order in which edits run plain to see.
 *
 * @param request edits on the way to the upstream
 * @param response edits on the way back to the client
 */
public record HeaderPolicyConfig(HeaderEditsConfig request, HeaderEditsConfig response) {

    /**
     * The response headers the seed's HAProxy sets on every HTTPS answer ({@code http-response set-header} in
     * its {@code public_https} frontend): HSTS for a year with subdomains and preload, no framing, no MIME
     * sniffing, the legacy XSS filter in block mode, the origin only as referrer across origins, and no
     * geolocation, microphone or camera for the page.
     */
    public static final HeaderPolicyConfig SECURITY = new HeaderPolicyConfig(HeaderEditsConfig.NONE,
            new HeaderEditsConfig(List.of(), Map.of(
                    "Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload",
                    "X-Frame-Options", "DENY",
                    "X-Content-Type-Options", "nosniff",
                    "X-XSS-Protection", "1; mode=block",
                    "Referrer-Policy", "strict-origin-when-cross-origin",
                    "Permissions-Policy", "geolocation=(), microphone=(), camera=()"), Map.of()));

    /** The policies every config has without defining them; one it defines under the same name replaces it. */
    public static final Map<String, HeaderPolicyConfig> BUILT_IN = Map.of("security", SECURITY);

    public HeaderPolicyConfig {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }
}
