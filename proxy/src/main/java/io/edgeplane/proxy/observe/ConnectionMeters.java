package io.edgeplane.proxy.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A listener's connections as connections rather than requests. Those closed before any request: by its
 * {@code allow}/{@code deny} list, or over {@code max_connections} or {@code max_connections_per_client}, or for
 * a missing, malformed or untrusted PROXY protocol header. They are not requests, so neither the access log nor
 * the request meters see them; this counter is where a scan from a denied network, or a listener at its limit,
 * shows. And HTTP/2: connections that speak it, and the protocol errors that ended a connection or a stream
 * (an attack such as Rapid Reset shows as {@code enhance_your_calm} on connections).
 */
public final class ConnectionMeters {

    private final Counter denied;
    private final Counter overLimit;
    private final Counter overClientLimit;
    private final Counter proxyProtocol;
    private final Counter http2;
    private final MeterRegistry registry;
    private final String listener;
    /** HTTP/2 error counters, by scope and code, registered as they first happen: most never do. */
    private final Map<String, Counter> http2Errors = new ConcurrentHashMap<>();

    public ConnectionMeters(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
        http2 = Counter.builder("edgeplane.proxy.http2.connections")
                .description("Client connections that speak HTTP/2, by listener")
                .tags("listener", listener).register(registry);
        denied = refused(registry, listener, "access");
        overLimit = refused(registry, listener, "max_connections");
        overClientLimit = refused(registry, listener, "max_connections_per_client");
        proxyProtocol = refused(registry, listener, "proxy_protocol");
    }

    private static Counter refused(MeterRegistry registry, String listener, String reason) {
        return Counter.builder("edgeplane.proxy.connections.refused")
                .description("Connections closed before any request, by listener and reason")
                .tags("listener", listener, "reason", reason)
                .register(registry);
    }

    /** A client the listener's allow/deny list turned away. */
    public void deniedByAccessList() {
        denied.increment();
    }

    /** A connection over the listener's max_connections. */
    public void overLimit() {
        overLimit.increment();
    }

    /** A connection over the listener's max_connections_per_client: its client had that many open. */
    public void overClientLimit() {
        overClientLimit.increment();
    }

    /** A connection without a valid PROXY header, or with one from a peer not trusted to send it. */
    public void badProxyProtocol() {
        proxyProtocol.increment();
    }

    /** A connection that speaks HTTP/2 from now on. */
    public void http2Connection() {
        http2.increment();
    }

    /**
     * An HTTP/2 protocol error that ended a {@code connection} (GOAWAY) or a {@code stream} (RST_STREAM);
     * {@code code} is the error's name, such as {@code PROTOCOL_ERROR}.
     */
    public void http2Error(String scope, String code) {
        String error = code.toLowerCase(Locale.ROOT);
        http2Errors.computeIfAbsent(scope + "/" + error, key -> Counter.builder("edgeplane.proxy.http2.errors")
                .description("HTTP/2 protocol errors that ended a connection or a stream, by listener, scope and error")
                .tags("listener", listener, "scope", scope, "error", error).register(registry)).increment();
    }

    /** Every meter registered, so a reload that removes the listener can remove them. */
    public List<Meter> meters() {
        List<Meter> meters = new ArrayList<>(List.of(denied, overLimit, overClientLimit, proxyProtocol, http2));
        meters.addAll(http2Errors.values());
        return meters;
    }
}
