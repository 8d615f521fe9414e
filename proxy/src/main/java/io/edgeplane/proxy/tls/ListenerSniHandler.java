package io.edgeplane.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a TLS connection: reads the ClientHello, picks the context by SNI and puts the
 * {@link SslHandler} in its place, with the listener's handshake timeout and, on the JDK provider, its groups.
 * A failed handshake is counted and logged at debug; the SslHandler closes the connection.
 */
final class ListenerSniHandler extends SniHandler {

    private static final Logger log = LoggerFactory.getLogger(ListenerSniHandler.class);

    private final String listener;
    private final long handshakeTimeoutMillis;
    private final TlsMeters meters;
    /** JDK names of the configured groups, set on each JDK engine; empty = the provider's own. */
    private final List<String> jdkGroups;

    ListenerSniHandler(String listener, Mapping<String, SslContext> mapping, long handshakeTimeoutMillis, TlsMeters meters,
                       List<String> jdkGroups) {
        super(mapping, handshakeTimeoutMillis);
        this.listener = listener;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.meters = meters;
        this.jdkGroups = jdkGroups;
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = super.newSslHandler(context, allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        if (!jdkGroups.isEmpty()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setNamedGroups(jdkGroups.toArray(String[]::new));
            engine.setSSLParameters(parameters);
        }
        handler.handshakeFuture().addListener(future -> {
            if (!future.isSuccess()) {
                meters.handshakeFailed(future.cause());
                if (log.isDebugEnabled()) {
                    log.debug("proxy: listener {}: TLS handshake failed (SNI {}): {}", listener, hostname(), future.cause().toString());
                }
            }
        });
        return handler;
    }
}
