package io.edgeplane.proxy.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
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
    private long quietUntilNanos;
    private ScheduledFuture<?> check;

    private LingeringClose(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = System.nanoTime();
        this.endNanos = now + MAX_NANOS;
        this.quietUntilNanos = now + QUIET_NANOS;
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
        schedule(quietUntilNanos - System.nanoTime());
    }

    /** Bytes came and were dropped: the client is still sending, so wait on (within the bound). */
    void dataArrived() {
        quietUntilNanos = Math.min(System.nanoTime() + QUIET_NANOS, endNanos);
    }

    /** The connection closed: nothing left to time. */
    void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(long nanos) {
        check = ctx.executor().schedule(this::checkQuiet, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
    }

    private void checkQuiet() {
        check = null;
        long left = quietUntilNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else {
            ctx.close();
        }
    }
}
