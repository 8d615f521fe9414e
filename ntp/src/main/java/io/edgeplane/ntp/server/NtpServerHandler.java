package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.NtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One UDP socket's requests, answered on its event loop: the receive time taken first thing, the reply built,
 * and its transmit time written last, right before the send, so the client counts as little of this server's
 * own work as possible as network delay. The rate limiter is this socket's own (it is not thread-safe), and
 * is rebuilt when a reload changes the limits.
 *
 * <p>Replies to the requests of one read (with epoll, up to a recvmmsg batch) are written and sent together,
 * one {@code sendmmsg} for up to {@link #SEND_BATCH} of them, when the read is done: a system call per reply
 * was most of the server's cost under load. Their transmit times are all stamped right before that flush, so a
 * reply still leaves at most the kernel's work on the replies before it in the batch (about a microsecond each
 * on loopback) after its stamp; a reply alone in its read, the usual case below saturation, leaves at once.
 */
final class NtpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** Enough for a request with NTS or other extension fields; a longer datagram is read this far. */
    private static final int MAX_REQUEST_READ = 2048;
    /** Replies held for one flush at most: the first one's transmit time waits for no more than this many. */
    static final int SEND_BATCH = 16;

    private final Supplier<NtpRuntime> runtime;
    private final Supplier<ServerState> state;
    private final LongSupplier servedUnixNanos;
    private final LongSupplier nanos;
    private final NtpMeters meters;
    private final byte[] scratch = new byte[MAX_REQUEST_READ];
    private NtpRuntime answererFor;
    private NtpRateLimiter limiter;
    private RequestAnswerer answerer;
    /** The replies written since the last flush, and their datagrams (to stamp and copy the transmit time from). */
    private final ByteBuf[] pending = new ByteBuf[SEND_BATCH];
    private final Answer.Reply[] pendingReplies = new Answer.Reply[SEND_BATCH];
    private int pendingCount;

    /** @param servedUnixNanos the time served, in nanoseconds since the Unix epoch: edgeplane's time scale */
    NtpServerHandler(Supplier<NtpRuntime> runtime, Supplier<ServerState> state, LongSupplier servedUnixNanos,
                     LongSupplier nanos, NtpMeters meters) {
        this.runtime = runtime;
        this.state = state;
        this.servedUnixNanos = servedUnixNanos;
        this.nanos = nanos;
        this.meters = meters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        long received = servedUnixNanos.getAsLong();
        ByteBuf content = packet.content();
        int length = Math.min(content.readableBytes(), scratch.length);
        content.getBytes(content.readerIndex(), scratch, 0, length);
        Answer answer = answerer().answer(scratch, length, packet.sender().getAddress(), received, state.get());
        switch (answer) {
            case Answer.Drop drop -> meters.dropped(drop.reason());
            case Answer.Reply reply -> {
                ByteBuf out = ctx.alloc().ioBuffer(reply.datagram().length);
                out.writeBytes(reply.datagram());
                ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
                pending[pendingCount] = out;
                pendingReplies[pendingCount++] = reply;
                meters.replied(reply.kind());
                if (pendingCount == SEND_BATCH) {
                    flushReplies(ctx);
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushReplies(ctx);
        ctx.fireChannelReadComplete();
    }

    /** Stamps the written replies' transmit time, the last thing before they go, and sends them. */
    private void flushReplies(ChannelHandlerContext ctx) {
        if (pendingCount == 0) {
            return;
        }
        long transmit = servedUnixNanos.getAsLong();
        for (int i = 0; i < pendingCount; i++) {
            Answer.Reply reply = pendingReplies[i];
            ByteBuf out = pending[i];
            // Not yet flushed: the buffer is still this handler's to patch, on this event loop.
            reply.stampTransmitTime(transmit);
            out.setBytes(out.readerIndex() + NtpPacket.TRANSMIT_TIME_OFFSET, reply.datagram(),
                    NtpPacket.TRANSMIT_TIME_OFFSET, 8);
            pending[i] = null;
            pendingReplies[i] = null;
        }
        pendingCount = 0;
        ctx.flush();
    }

    private RequestAnswerer answerer() {
        NtpRuntime now = runtime.get();
        if (now != answererFor) {
            // A reload that keeps the limits keeps the clients' counts; other limits start afresh.
            if (answererFor == null || !Objects.equals(answererFor.rateLimit(), now.rateLimit())) {
                limiter = now.rateLimit() == null ? NtpRateLimiter.unlimited()
                        : new NtpRateLimiter(now.rateLimit(), nanos, new SplittableRandom());
            }
            answerer = new RequestAnswerer(now.access(), limiter);
            answererFor = now;
        }
        return answerer;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The channel released what it had not sent; nothing is left to stamp.
        Arrays.fill(pending, null);
        Arrays.fill(pendingReplies, null);
        pendingCount = 0;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send that failed (an ICMP error reported back, a full buffer): that client goes without; the socket serves on.
    }
}
