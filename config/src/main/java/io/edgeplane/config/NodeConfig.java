package io.edgeplane.config;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The node itself.
 *
 * @param name           the node's name on the start-up line, in {@code /api/status} and as {@code $node_name};
 *                       the host name when absent
 * @param shutdownGrace  how long a stop waits for open work (requests, leases being written) to finish
 */
public record NodeConfig(Optional<String> name, @Default("10s") Duration shutdownGrace) implements Checked {

    static final Duration MAX_SHUTDOWN_GRACE = Duration.ofMinutes(10);

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }

    @Override
    public void check(Checks checks) {
        name.ifPresent(n -> checks.key("name").require(!n.isBlank() && n.chars().noneMatch(Character::isWhitespace),
                "'" + n + "' is not a node name", "a name without spaces, such as edge-1"));
        checks.key("shutdown_grace").require(shutdownGrace.compareTo(MAX_SHUTDOWN_GRACE) <= 0,
                // Durations.format, not toSeconds(): 10m500ms would print as "600s", which reads as allowed.
                "a shutdown grace of " + Durations.format(shutdownGrace) + " is longer than any supervisor waits",
                "at most 10m");
    }
}
