package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;

/**
 * Answers the length-framed queries of one TCP connection (RFC 7766), several per connection, local answers in
 * order and forwarded ones as they come (§6.2.1.1 lets answers pass each other); a connection idle for the
 * idle timeout is closed, and so is one that sends what is not even a DNS header.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> implements AnswerChannel {

    private final QueryAnswerer answerer;
    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer out = new AnswerBuffer();
    private ChannelHandlerContext ctx;

    TcpQueryHandler(QueryAnswerer answerer) {
        this.answerer = answerer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        answerer.answer(frame, (InetSocketAddress) ctx.channel().remoteAddress(), true, this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
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
        return null;
    }

    @Override
    public void send(ByteBuf answer, InetSocketAddress client, boolean flush) {
        if (!ctx.channel().isActive()) {
            // The client hung up while its forwarded query was out.
            answer.release();
        } else if (flush) {
            ctx.writeAndFlush(answer, ctx.voidPromise());
        } else {
            ctx.write(answer, ctx.voidPromise());
        }
    }

    @Override
    public void unanswerable() {
        ctx.close();
    }
}
