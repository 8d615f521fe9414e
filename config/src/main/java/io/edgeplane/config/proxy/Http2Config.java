package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;
import io.edgeplane.config.value.DataSize;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP/2 on a listener: through ALPN ({@code h2}) on a TLS listener, and with prior knowledge ({@code h2c})
 * on a plain one. A plain value is {@link #enabled} alone: {@code http2: false}. Streams go through the same
 * routes, limits and filters as HTTP/1.1 requests and on to the upstreams over HTTP/1.1. The header list of a
 * request is bounded by the listener's {@code limits.max_header_size}, as an HTTP/1.1 header section is.
 *
 * @param enabled              absent: on for TLS listeners (offered by ALPN after {@code h2}, as Caddy does), off
 *                             for plain ones, where a client must know to speak it (nginx's {@code http2 on})
 * @param maxConcurrentStreams streams a client may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS;
 *                             nginx's {@code http2_max_concurrent_streams}, HAProxy's {@code tune.h2.max-concurrent-streams})
 * @param initialWindowSize    request body a client may send on one stream before the proxy has passed it on
 *                             (SETTINGS_INITIAL_WINDOW_SIZE): how much of each upload is buffered at most
 * @param connectionWindowSize request body a client may send on all its streams together before the proxy has
 *                             passed it on
 * @param maxFrameSize         the largest frame a client may send (SETTINGS_MAX_FRAME_SIZE), 16KiB..16MiB
 */
@ScalarForm("enabled")
public record Http2Config(
        Optional<Boolean> enabled,
        @Default("100") int maxConcurrentStreams,
        @Default("64KiB") DataSize initialWindowSize,
        @Default("1MiB") DataSize connectionWindowSize,
        @Default("16KiB") DataSize maxFrameSize) implements Checked {

    /** The largest window HTTP/2 allows (RFC 9113 §6.9.1). */
    public static final long MAX_WINDOW = (1L << 31) - 1;

    public Http2Config {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(initialWindowSize, "initialWindowSize");
        Objects.requireNonNull(connectionWindowSize, "connectionWindowSize");
        Objects.requireNonNull(maxFrameSize, "maxFrameSize");
    }

    /** Whether a listener with or without TLS speaks HTTP/2. */
    public boolean enabledFor(boolean tls) {
        return enabled.orElse(tls);
    }

    @Override
    public void check(Checks checks) {
        checks.key("max_concurrent_streams").require(maxConcurrentStreams >= 1 && maxConcurrentStreams <= 10_000,
                "max_concurrent_streams must be 1..10000", "such as 100, nginx's and HAProxy's default");
        checks.key("initial_window_size").require(initialWindowSize.bytes() >= 1024 && initialWindowSize.bytes() <= MAX_WINDOW,
                "initial_window_size must be between 1KiB and 2GiB-1B", "such as 64KiB");
        checks.key("connection_window_size").require(connectionWindowSize.bytes() >= 65_535
                        && connectionWindowSize.bytes() <= MAX_WINDOW,
                "connection_window_size must be between 65535B (HTTP/2's initial window) and 2GiB-1B", "such as 1MiB");
        checks.key("max_frame_size").require(maxFrameSize.bytes() >= 16_384 && maxFrameSize.bytes() <= 16_777_215,
                "max_frame_size must be between 16KiB and 16MiB-1B (RFC 9113 §6.5.2)", "such as 16KiB");
    }
}
