package io.edgeplane.proxy.server;

import io.edgeplane.core.transport.LazyDeadline;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Ends a client connection after its last answer without losing that answer. Closing a socket while the
 * client is still sending (the rest of a body the answer did not wait for, a 413's body, a request after a
 * {@code Connection: close}) makes the kernel answer with a reset, and a reset can destroy the answer
 * before the client has read it (RFC 9112 §9.6). So, as nginx's lingering close does: once the answer is
 * out, send FIN, read and drop whatever still comes, and close when the client closes, when nothing has
 * come for {@link #QUIET_NANOS}, or after {@link #MAX_NANOS} at the latest (nginx's lingering_timeout and
 * lingering_time). Lives on the connection's event loop.
 */
final class LingeringClose {

    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ChannelHandlerContext ctx;
    private final long endNanos;
    /** Closes the connection once the client has been quiet long enough (or the linger time is up). */
    private final LazyDeadline quiet;
    /** Quiet is timed only once the answer is out: a slow reader of a long answer is not a quiet client. */
    private boolean answerOut;

    private LingeringClose(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.endNanos = System.nanoTime() + MAX_NANOS;
        this.quiet = new LazyDeadline(ctx.executor(), ctx::close);
    }

    /** Starts lingering once {@code written}, the connection's last answer, is out. */
    static LingeringClose after(ChannelHandlerContext ctx, ChannelFuture written) {
        LingeringClose linger = new LingeringClose(ctx);
        ctx.channel().config().setAutoRead(true);
        written.addListener(done -> linger.answerSent(done.isSuccess()));
        return linger;
    }

    private void answerSent(boolean sent) {
        if (!sent || !(ctx.channel() instanceof DuplexChannel duplex) || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput();
        answerOut = true;
        dataArrived();
    }

    /** Bytes came and were dropped (or the answer just went): wait for quiet again, within the bound. */
    void dataArrived() {
        if (!answerOut) {
            return;
        }
        long now = System.nanoTime();
        quiet.start(now, Math.min(QUIET_NANOS, endNanos - now));
    }

    /** The connection closed: nothing left to time. */
    void stop() {
        quiet.stop();
    }
}
