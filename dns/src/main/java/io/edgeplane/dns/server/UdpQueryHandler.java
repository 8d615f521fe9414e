package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;

/** Answers each datagram of one UDP socket; answers are flushed once per read burst, not per packet. */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> implements AnswerChannel {

    private final QueryAnswerer answerer;
    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer out = new AnswerBuffer();
    private ChannelHandlerContext ctx;
    /** Rebuilt when a reload brings other settings; one per socket, as only this socket's loop uses it. */
    private ResponseRateLimiter limiter;
    private DnsRuntime limiterFor;

    UdpQueryHandler(QueryAnswerer answerer) {
        this.answerer = answerer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        answerer.answer(packet.content(), packet.sender(), false, this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send that failed (ICMP unreachable reported back, a full buffer): that client goes without an
        // answer; the socket serves on.
    }

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public QueryParser parser() {
        return parser;
    }

    @Override
    public AnswerBuffer buffer() {
        return out;
    }

    @Override
    public ResponseRateLimiter rateLimiter(DnsRuntime runtime) {
        if (runtime != limiterFor) {
            // A reload: the same limits keep their buckets, other ones start afresh.
            if (limiter == null || limiterFor == null || !runtime.rateLimit().equals(limiterFor.rateLimit())
                    || !runtime.rateLimitExempt().equals(limiterFor.rateLimitExempt())) {
                limiter = runtime.rateLimit().enabled()
                        ? new ResponseRateLimiter(runtime.rateLimit(), runtime.rateLimitExempt()) : null;
            }
            limiterFor = runtime;
        }
        return limiter;
    }

    @Override
    public void send(ByteBuf answer, InetSocketAddress client, boolean flush) {
        DatagramPacket packet = new DatagramPacket(answer, client);
        if (flush) {
            ctx.writeAndFlush(packet, ctx.voidPromise());
        } else {
            ctx.write(packet, ctx.voidPromise());
        }
    }

    @Override
    public void unanswerable() {
        // Nothing to tell a sender whose datagram was not a query.
    }
}
