package io.edgeplane.proxy.server;

import io.edgeplane.core.transport.LazyDeadline;
import io.edgeplane.proxy.http.GuardedRequestDecoder;
import io.edgeplane.proxy.http.HeaderSectionGuard;
import io.edgeplane.proxy.http.ResponseCompressor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * One HTTP/1.x client connection. Requests are handled one at a time, in order: a pipelined request waits,
 * unread, until the answer before it is complete. Between requests the idle timeout runs, and once a request
 * has begun the header timeout (slowloris → 408). An answer that ends the connection ends it with a lingering
 * close. On a listener that speaks HTTP/2, a TLS handshake that chose {@code h2}, or a client that starts
 * with the HTTP/2 preface, hands the connection over to {@link Http2Connections}.
 */
final class ClientConnectionHandler extends ClientRequestHandler implements HeaderSectionGuard.RequestStartListener {

    /** Decodes requests behind a guard against folded header lines; this handler checks what comes out of it. */
    private final GuardedRequestDecoder decoder;
    private final HeaderSectionGuard guard;
    private final ClientResponseEncoder encoder = new ClientResponseEncoder();
    /** The wait for the next request (idle timeout) or the rest of its head (header timeout). */
    private LazyDeadline requestWait;
    /** Bytes of a next request have arrived since the last answer (so a timeout is a 408, not an idle close). */
    private boolean requestStarted;
    /** The last answer is out and the connection is closing, dropping what the client still sends; or null. */
    private LingeringClose lingering;
    /** The connection's ends as requests see them: a PROXY header's when one named them, else the socket's. */
    private InetSocketAddress clientAddress;
    private InetSocketAddress localAddress;

    ClientConnectionHandler(ListenerHandle listener, HttpDecoderConfig decoderConfig) {
        super(listener);
        this.decoder = new GuardedRequestDecoder(decoderConfig, this);
        this.guard = decoder.guard();
    }

    /** The decoder of this connection's requests; it goes first in the pipeline. */
    ChannelHandler requestDecoder() {
        return decoder;
    }

    /** The encoder of this connection's answers; it goes right after the request decoder. */
    ChannelHandler responseEncoder() {
        return encoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        this.requestWait = new LazyDeadline(ctx.executor(), this::waitTimedOut);
    }

    /**
     * The client and listener addresses a PROXY header named: they stand for the socket's from now on. Called
     * before {@link #channelActive}, which the {@link ProxyProtocolHandler} holds back until the header is read.
     */
    void proxiedFor(InetSocketAddress client, InetSocketAddress local) {
        this.clientAddress = client;
        this.localAddress = local;
    }

    @Override
    InetSocketAddress clientAddress() {
        return clientAddress != null ? clientAddress : (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    InetSocketAddress localAddress() {
        return localAddress != null ? localAddress : (InetSocketAddress) ctx.channel().localAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ListenerRuntime runtime = listener.runtime();
        InetSocketAddress client = clientAddress();
        if (!runtime.access().permits(client.getAddress())) {
            // Like a firewall drop: no answer to a network the listener does not serve. Not a request, so
            // not in the access log; counted, so a scan from a denied network shows.
            runtime.connections().deniedByAccessList();
            ctx.close();
            return;
        }
        requestWait.start(System.nanoTime(), runtime.limits().headerTimeout().toNanos());
        ctx.fireChannelActive();
    }

    /** Request bytes arrived: if no request is being read, one is starting, and the header timeout applies. */
    @Override
    public void onRequestBytes() {
        if (!requestStarted && current == null) {
            requestStarted = true;
            long now = System.nanoTime();
            requestStartNanos = now;
            requestWait.start(now, listener.runtime().limits().headerTimeout().toNanos());
        }
    }

    private void waitTimedOut() {
        if (current != null) {
            return;
        }
        if (requestStarted) {
            // Slowloris: bytes came, a whole header section did not.
            respondAndClose(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, "request header timeout\n", null);
        } else {
            ctx.close();
        }
    }

    @Override
    boolean admitDecoded(ChannelHandlerContext ctx, Object msg) {
        if (!guard.admitDecoded(ctx, msg)) {
            return false;
        }
        if (lingering != null) {
            ReferenceCountUtil.release(msg);
            lingering.dataArrived();
            return false;
        }
        return true;
    }

    @Override
    void startingRequest(HttpRequest request) {
        requestWait.clear();
        requestStarted = false;
        encoder.answeringHead(HttpMethod.HEAD.equals(request.method()));
    }

    @Override
    void awaitNextRequest() {
        // The answer is encoded; a 408 for a request that never arrives whole must carry its body.
        encoder.answeringHead(false);
        requestWait.start(System.nanoTime(), listener.runtime().limits().idleTimeout().toNanos());
    }

    @Override
    void closeAfter(ChannelFuture written) {
        closing = true;
        requestWait.clear();
        if (lingering == null) {
            lingering = LingeringClose.after(ctx, written);
        }
    }

    @Override
    boolean readsWhileClosing() {
        return lingering != null;
    }

    @Override
    void switchToTunnel(Exchange exchange, Channel upstream) {
        if (exchange != current) {
            upstream.close();
            return;
        }
        current = null;
        requestWait.clear();
        releaseHeld();
        var pipeline = ctx.pipeline();
        // Replace this handler first: bytes the decoder still holds go to the tunnel when it is removed.
        pipeline.replace(this, "tunnel", new TunnelHandler(upstream));
        pipeline.remove(decoder);
        pipeline.remove(encoder);
    }

    /**
     * The connection is to speak HTTP/2 from its next byte on: the HTTP/1 handlers leave the pipeline (bytes
     * the decoder holds, the preface, go on to the HTTP/2 codec) and the connection's timers stop; the HTTP/2
     * connection keeps its own.
     */
    void switchToHttp2() {
        requestWait.stop();
        closing = true;
        Http2Connections.install(ctx.pipeline(), this, listener, clientAddress(), localAddress());
    }

    /**
     * Removes this connection's HTTP/1 handlers but its decoder, which is returned: it is to leave once what
     * replaces them is in place, so that the bytes it holds flow on to that.
     */
    ChannelHandler leaveAllButDecoder() {
        var pipeline = ctx.pipeline();
        pipeline.remove(this);
        pipeline.remove(encoder);
        if (pipeline.get(ResponseCompressor.class) != null) {
            pipeline.remove(ResponseCompressor.class);
        }
        return decoder;
    }

    /** Sent to every connection when the service stops: idle ones close now, busy ones after their answer. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == DRAIN) {
            draining = true;
            if (current == null) {
                closing = true;
                ctx.close();
            }
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess() && current == null
                && ApplicationProtocolNames.HTTP_2.equals(ctx.pipeline().get(SslHandler.class).applicationProtocol())) {
            switchToHttp2();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestWait.stop();
        if (lingering != null) {
            lingering.stop();
        }
        super.channelInactive(ctx);
    }
}
