package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.Objects;
import java.util.Optional;

/**
 * A redirect to the same request with some parts changed; the query string is always kept. With nothing
 * but {@code scheme: https} it is HAProxy's {@code redirect scheme https}.
 *
 * @param scheme  the new scheme ({@code https})
 * @param host    the new host (and port, as {@code host:port})
 * @param path    the new path; the request's path when absent
 * @param status  301, 302, 303, 307 or 308
 */
public record RedirectConfig(Optional<String> scheme, Optional<String> host, Optional<String> path,
                             @Default("301") int status) implements Checked {

    public RedirectConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
    }

    @Override
    public void check(Checks checks) {
        checks.key("status").require(status == 301 || status == 302 || status == 303 || status == 307 || status == 308,
                "status " + status + " is not a redirect", "301, 302, 303, 307 or 308");
        scheme.ifPresent(s -> checks.key("scheme").require(s.equals("http") || s.equals("https"),
                "'" + s + "' is not http or https", "http or https"));
        path.ifPresent(p -> checks.key("path").require(p.startsWith("/"), "'" + p + "' does not start with '/'", "such as /new"));
        host.ifPresent(h -> checks.key("host").require(!h.isEmpty() && h.chars().noneMatch(c -> c == '/' || c == ' ' || c == '?' || c == '#'),
                "'" + h + "' is not a host", "a host such as example.com or example.com:8443"));
    }
}
