package io.edgeplane.ntp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One UDP socket's requests, answered on its event loop: the receive time taken first thing, the reply built,
 * and its transmit time written last, right before the send, so the client counts as little of this server's
 * own work as possible as network delay. The rate limiter is this socket's own (it is not thread-safe), and
 * is rebuilt when a reload changes the limits.
 */
final class NtpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** Enough for a request with NTS or other extension fields; a longer datagram is read this far. */
    private static final int MAX_REQUEST_READ = 2048;

    private final Supplier<NtpRuntime> runtime;
    private final Supplier<ServerState> state;
    private final LongSupplier servedUnixNanos;
    private final LongSupplier nanos;
    private final NtpMeters meters;
    private final byte[] scratch = new byte[MAX_REQUEST_READ];
    private NtpRuntime answererFor;
    private NtpRateLimiter limiter;
    private RequestAnswerer answerer;

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
                reply.stampTransmitTime(servedUnixNanos.getAsLong());
                out.writeBytes(reply.datagram());
                ctx.writeAndFlush(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
                meters.replied(reply.kind());
            }
        }
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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send that failed (an ICMP error reported back, a full buffer): that client goes without; the socket serves on.
    }
}
