package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;
import java.util.Objects;
import java.util.Optional;

/**
 * The request of an HTTP health check. A plain value is the path: {@code http: /health}.
 *
 * @param path   the request target, starting with '/'
 * @param method GET, HEAD or OPTIONS
 * @param host   the Host header; absent = the server's address as configured
 * @param expect the statuses that pass: one ({@code 200}) or a range ({@code 200-399})
 * @param body   text the response body must contain; absent = any body. A body over 64 KiB fails the check
 */
@ScalarForm("path")
public record HttpCheckConfig(
        @Default("/") String path,
        @Default("GET") String method,
        Optional<String> host,
        @Default("200-399") String expect,
        Optional<String> body) implements Checked {

    public HttpCheckConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(body, "body");
    }

    /** The lowest status that passes. */
    public int expectFrom() {
        return Integer.parseInt(expect.contains("-") ? expect.substring(0, expect.indexOf('-')) : expect);
    }

    /** The highest status that passes. */
    public int expectTo() {
        return Integer.parseInt(expect.contains("-") ? expect.substring(expect.indexOf('-') + 1) : expect);
    }

    @Override
    public void check(Checks checks) {
        checks.key("path").require(path.startsWith("/") && path.chars().allMatch(c -> c > 0x20 && c < 0x7f),
                "'" + path + "' is not a request path", "a path such as /health");
        checks.key("method").require(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"),
                "a health check's method is GET, HEAD or OPTIONS, not '" + method + "'", "GET");
        boolean shape = expect.matches("[1-5][0-9][0-9](-[1-5][0-9][0-9])?");
        checks.key("expect").require(shape && expectFrom() <= expectTo(),
                "'" + expect + "' is not a status or a range of statuses", "200, or a range such as 200-399");
        host.ifPresent(h -> checks.key("host").require(!h.isBlank() && h.chars().allMatch(c -> c > 0x20 && c < 0x7f),
                "'" + h + "' is not a Host header", "a name such as api.internal"));
    }
}
