package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait on an upstream.
 *
 * @param connect  to open a connection → try another server, then 502
 * @param response from the request's last byte to the response's header section → 504
 * @param idle     between two reads while a response streams → the connection is closed
 */
public record TimeoutsConfig(@Default("5s") Duration connect, @Default("60s") Duration response,
                             @Default("60s") Duration idle) implements Checked {

    public TimeoutsConfig {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(idle, "idle");
    }

    @Override
    public void check(Checks checks) {
        checks.key("connect").require(!connect.isZero(), "connect must be above 0", "such as 5s");
        checks.key("response").require(!response.isZero(), "response must be above 0", "such as 60s");
        checks.key("idle").require(!idle.isZero(), "idle must be above 0", "such as 60s");
    }
}
