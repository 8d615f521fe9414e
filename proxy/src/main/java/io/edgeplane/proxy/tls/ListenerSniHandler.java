package io.edgeplane.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a TLS connection: reads the ClientHello, picks the context by SNI and puts the
 * {@link SslHandler} in its place, with the listener's handshake timeout and its {@link EngineSettings}.
 * A failed handshake is counted and logged at debug; the SslHandler closes the connection.
 */
final class ListenerSniHandler extends SniHandler {

    private static final Logger log = LoggerFactory.getLogger(ListenerSniHandler.class);

    private final String listener;
    private final long handshakeTimeoutMillis;
    private final TlsMeters meters;
    private final EngineSettings engineSettings;

    ListenerSniHandler(String listener, Mapping<String, SslContext> mapping, long handshakeTimeoutMillis, TlsMeters meters,
                       EngineSettings engineSettings) {
        super(mapping, handshakeTimeoutMillis);
        this.listener = listener;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.meters = meters;
        this.engineSettings = engineSettings;
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = super.newSslHandler(context, allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        engineSettings.apply(handler.engine());
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
