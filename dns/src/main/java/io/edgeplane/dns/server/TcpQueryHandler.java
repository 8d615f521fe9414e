package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;

/**
 * Answers the length-framed queries of one TCP connection (RFC 7766), in order, several per connection; a
 * connection idle for the idle timeout is closed, and so is one that sends what is not even a DNS header.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private final QueryAnswerer answerer;
    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer out = new AnswerBuffer();

    TcpQueryHandler(QueryAnswerer answerer) {
        this.answerer = answerer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        ByteBuf answer = answerer.answer(frame, client.getAddress(), true, parser, out, ctx.alloc());
        if (answer == null) {
            ctx.close();
            return;
        }
        ctx.write(answer, ctx.voidPromise());
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
}
