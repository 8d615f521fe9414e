package io.edgeplane.proxy.server;

import io.edgeplane.config.proxy.CompressionConfig;
import io.edgeplane.config.proxy.Http2Config;
import io.edgeplane.config.proxy.LimitsConfig;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.proxy.limit.RateLimits;
import io.edgeplane.proxy.action.RouteAction;
import io.edgeplane.proxy.http.ForwardedHeaders;
import io.edgeplane.proxy.observe.ConnectionMeters;
import io.edgeplane.proxy.observe.RequestObserver;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.tls.TlsListener;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a listener needs per request, compiled from one config snapshot. Client connections read the
 * current one once per request, so a reload takes effect on the next request without locks. A TLS listener's
 * {@code tls} is read once per connection, when it is accepted, and so is {@code proxyProtocolPeers}: present
 * when connections must start with a PROXY header, and who may send one.
 */
record ListenerRuntime(String name, String scheme, String nodeName, RouteTable<RouteAction> routes,
                       LimitsConfig limits, ForwardedHeaders forwarded, AccessList access, RequestObserver observer,
                       ConnectionMeters connections, Optional<CompressionConfig> compression, LocalAnswers answers,
                       Optional<TlsListener> tls, RateLimits rateLimits, Optional<AccessList> proxyProtocolPeers,
                       HttpDecoderConfig requestDecoding, Optional<Http2Config> http2Settings) {

    ListenerRuntime {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(forwarded, "forwarded");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(connections, "connections");
        compression = compression.filter(CompressionConfig::gzip);
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(proxyProtocolPeers, "proxyProtocolPeers");
        Objects.requireNonNull(requestDecoding, "requestDecoding");
        Objects.requireNonNull(http2Settings, "http2Settings");
    }

    /** Whether the listener speaks HTTP/2 (by ALPN with TLS, by prior knowledge without). */
    boolean speaksHttp2() {
        return http2Settings.isPresent();
    }

    /** The listener's HTTP/2 settings; only for a listener that {@link #speaksHttp2() speaks it}. */
    Http2Config http2() {
        return http2Settings.orElseThrow();
    }
}
