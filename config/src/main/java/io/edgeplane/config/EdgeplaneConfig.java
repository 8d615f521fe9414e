package io.edgeplane.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One node's whole config, validated and immutable. A section that is absent is a service that is off.
 * Services each take their part of a snapshot; a reload builds a new snapshot and swaps it whole.
 *
 * @param node    who this node is and how the process behaves
 * @param logging how the process logs
 * @param admin   the admin listener: health, metrics, running config, reload (HAProxy's stats port)
 */
public record EdgeplaneConfig(NodeConfig node, LoggingConfig logging, Optional<AdminConfig> admin) {

    public EdgeplaneConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(admin, "admin");
    }
}
