package io.edgeplane.proxy.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * A listener's connections that were closed before any request: by its {@code allow}/{@code deny} list, or
 * over {@code max_connections} or {@code max_connections_per_client}, or for a missing, malformed or untrusted
 * PROXY protocol header. They are not requests, so neither the access log nor the request meters see
 * them; this counter is where a scan from a denied network, or a listener at its limit, shows.
 */
public final class ConnectionMeters {

    private final Counter denied;
    private final Counter overLimit;
    private final Counter overClientLimit;
    private final Counter proxyProtocol;

    public ConnectionMeters(MeterRegistry registry, String listener) {
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

    /** Every meter registered, so a reload that removes the listener can remove them. */
    public List<Meter> meters() {
        return List.of(denied, overLimit, overClientLimit, proxyProtocol);
    }
}
