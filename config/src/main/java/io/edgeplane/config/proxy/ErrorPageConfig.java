package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.Objects;

/**
 * The body of an error the proxy answers itself (502, 503, 504, 404, 400, 413 ...), HAProxy's
 * {@code errorfile} and nginx's {@code error_page}. The body may hold {@code $variables}.
 *
 * @param body        what the client gets instead of the one-line default
 * @param contentType its media type
 */
public record ErrorPageConfig(String body, @Default("text/html; charset=utf-8") String contentType) implements Checked {

    public ErrorPageConfig {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public void check(Checks checks) {
        RequestVariables.parse(body).unknown().ifPresent(unknown -> checks.key("body").error(
                "unknown variable $" + unknown + " (write $$ for a literal $)", RequestVariables.EXPECTED));
        checks.key("content_type").require(contentType.indexOf('/') > 0 && contentType.chars().noneMatch(c -> c == '\r' || c == '\n'),
                "'" + contentType + "' is not a media type", "such as text/html; charset=utf-8");
    }
}
