package io.edgeplane.proxy.http;

import io.edgeplane.config.proxy.ForwardedConfig;
import io.edgeplane.core.net.AccessList;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The X-Forwarded-* and X-Real-IP headers an upstream gets, so it knows who the client is. A client's own
 * X-Forwarded-For is kept (and appended to) only when it comes from a trusted proxy; from anyone else it
 * would be a lie an upstream might believe.
 */
public final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");

    private final ForwardedConfig config;
    private final AccessList trusted;

    public ForwardedHeaders(ForwardedConfig config) {
        this.config = config;
        // An empty allow list would mean "everyone"; no trusted proxies means no one.
        this.trusted = config.trustedProxies().isEmpty() ? null : new AccessList(config.trustedProxies(), List.of());
    }

    public void apply(HttpHeaders headers, RequestContext request) {
        String client = request.client().getAddress().getHostAddress();
        boolean fromTrustedProxy = trusted != null && trusted.permits(request.client().getAddress());
        switch (config.xForwardedFor()) {
            case APPEND -> {
                String previous = fromTrustedProxy ? joined(headers.getAll(X_FORWARDED_FOR)) : null;
                headers.set(X_FORWARDED_FOR, previous == null || previous.isEmpty() ? client : previous + ", " + client);
            }
            case REPLACE -> headers.set(X_FORWARDED_FOR, client);
            case OFF -> {
                if (!fromTrustedProxy) {
                    headers.remove(X_FORWARDED_FOR);
                }
            }
        }
        if (config.xForwardedProto()) {
            headers.set(X_FORWARDED_PROTO, request.scheme());
        }
        if (config.xForwardedHost()) {
            headers.set(X_FORWARDED_HOST, request.variable("http_host"));
        }
        if (config.xForwardedPort()) {
            headers.set(X_FORWARDED_PORT, request.variable("server_port"));
        }
        if (config.xRealIp()) {
            headers.set(X_REAL_IP, client);
        }
    }

    private static String joined(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.getFirst() : String.join(", ", values);
    }
}
