package io.edgeplane.proxy.server;

import io.edgeplane.core.transport.LazyDeadline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP/2 connection: ends it gracefully, with GOAWAY (NO_ERROR) and then a close once
 * the streams it has let in are finished, when no stream has been open for the listener's {@code idle_timeout}
 * (nginx's {@code keepalive_timeout} for HTTP/2) and when the service stops. A plain close of the channel
 * closes at once: the stop's last resort once its grace is over.
 */
final class Http2ConnectionWatch extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2ConnectionWatch.class);

    private final ListenerHandle listener;
    private ChannelHandlerContext ctx;
    private LazyDeadline idle;
    private int openStreams;
    /** GOAWAY has been sent: the connection closes when its last stream does. */
    private boolean goingAway;

    Http2ConnectionWatch(ListenerHandle listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.idle = new LazyDeadline(ctx.executor(), this::goAway);
        listener.runtime().connections().http2Connection();
        startIdle();
    }

    private void startIdle() {
        idle.start(System.nanoTime(), listener.runtime().limits().idleTimeout().toNanos());
    }

    /** A stream's channel was made; it counts until it closes. On the connection's event loop. */
    void streamOpened(Channel stream) {
        if (openStreams++ == 0) {
            idle.clear();
        }
        stream.closeFuture().addListener(closed -> {
            if (--openStreams == 0 && ctx.channel().isActive()) {
                if (goingAway) {
                    ctx.close();
                } else {
                    startIdle();
                }
            }
        });
    }

    /** Says GOAWAY; streams the client opened before it hears it are still refused, those open finish. */
    private void goAway() {
        if (!goingAway) {
            goingAway = true;
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        }
        if (openStreams == 0) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientConnectionHandler.DRAIN) {
            goAway();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        idle.stop();
        ctx.fireChannelInactive();
    }

    /**
     * An HTTP/2 protocol error is the codec's to answer: it passes it here first, then sends GOAWAY with the
     * error's code and closes. Closing here would say GOAWAY NO_ERROR before it. Anything else ends the connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception error) {
            log.debug("{}: HTTP/2 connection error from {}: {}", listener.name(), ctx.channel().remoteAddress(), cause.toString());
            listener.runtime().connections().http2Error("connection", error.error().name());
            return;
        }
        log.debug("{}: HTTP/2 connection {} failed: {}", listener.name(), ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
