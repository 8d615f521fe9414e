package io.edgeplane.gateway.runtime;

import io.edgeplane.config.EdgeplaneConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * The config that is running, where it came from and when it was applied.
 *
 * @param nodeName the node's name: the config's, or the host name when the config gives none
 */
public record Snapshot(EdgeplaneConfig config, String source, Instant appliedAt, String nodeName) {

    public Snapshot {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(nodeName, "nodeName");
    }
}
