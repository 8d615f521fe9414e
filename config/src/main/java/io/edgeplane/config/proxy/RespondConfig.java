package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed answer (nginx's {@code return 200 "ok\n"}, Caddy's {@code respond}). The body may hold
 * variables such as {@code $node_name}.
 *
 * @param status  the status code
 * @param body    the body; empty by default
 * @param headers response headers, such as {@code Content-Type} (text/plain by default when there is a body);
 *                not the framing headers, which edgeplane sets from the body it sends
 */
public record RespondConfig(@Default("200") int status, @Default("") String body, Map<String, String> headers) implements Checked {

    public RespondConfig {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    @Override
    public void check(Checks checks) {
        checks.key("status").require(status >= 100 && status <= 599, "status " + status + " is not an HTTP status", "100..599");
        headers.forEach((name, value) -> {
            HeaderEditsConfig.checkName(checks.key("headers").key(name), name);
            checks.key("headers").key(name).require(value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
                    "the value of " + name + " holds a line break or NUL", "a single-line value");
            RequestVariables.parse(value).unknown().ifPresent(unknown -> checks.key("headers").key(name).error(
                    "unknown variable $" + unknown + " (write $$ for a literal $)", RequestVariables.EXPECTED));
        });
        RequestVariables.parse(body).unknown().ifPresent(unknown -> checks.key("body").error(
                "unknown variable $" + unknown + " (write $$ for a literal $)", RequestVariables.EXPECTED));
    }
}
