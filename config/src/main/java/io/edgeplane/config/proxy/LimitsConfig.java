package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.DataSize;
import java.time.Duration;
import java.util.Objects;

/**
 * What one listener accepts from clients.
 *
 * @param maxConnections   open client connections at once; more are closed as they arrive
 * @param headerTimeout    time to receive a request's whole header section (slowloris) → 408
 * @param idleTimeout      a keep-alive connection with no request for this long is closed
 * @param maxRequestLine   longest request line → 414
 * @param maxHeaderSize    largest header section → 431
 * @param maxBodySize      largest request body → 413; 0 = no limit, bodies are streamed either way
 * @param maxConnectionsPerClient open connections from one client address at once; more are closed as they
 *                         arrive; 0 = no limit other than {@code maxConnections}
 */
public record LimitsConfig(
        @Default("10000") int maxConnections,
        @Default("10s") Duration headerTimeout,
        @Default("60s") Duration idleTimeout,
        @Default("8KiB") DataSize maxRequestLine,
        @Default("16KiB") DataSize maxHeaderSize,
        @Default("0") DataSize maxBodySize,
        @Default("0") int maxConnectionsPerClient) implements Checked {

    public LimitsConfig {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxRequestLine, "maxRequestLine");
        Objects.requireNonNull(maxHeaderSize, "maxHeaderSize");
        Objects.requireNonNull(maxBodySize, "maxBodySize");
    }

    @Override
    public void check(Checks checks) {
        checks.key("max_connections").require(maxConnections > 0, "max_connections must be positive", "a number such as 4096");
        checks.key("header_timeout").require(!headerTimeout.isZero(), "header_timeout must be above 0", "such as 10s");
        checks.key("idle_timeout").require(!idleTimeout.isZero(), "idle_timeout must be above 0", "such as 60s");
        checks.key("max_request_line").require(maxRequestLine.bytes() >= 256 && maxRequestLine.bytes() <= 1 << 20,
                "max_request_line must be between 256B and 1MiB", "such as 8KiB");
        checks.key("max_header_size").require(maxHeaderSize.bytes() >= 1024 && maxHeaderSize.bytes() <= 1 << 20,
                "max_header_size must be between 1KiB and 1MiB", "such as 16KiB");
        checks.key("max_connections_per_client").require(maxConnectionsPerClient >= 0 && maxConnectionsPerClient <= maxConnections,
                "max_connections_per_client must be between 0 (no limit) and max_connections (" + maxConnections + ")",
                "a number such as 64");
    }
}
