package io.edgeplane.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.buffer.Unpooled;

/**
 * One query over TCP (RFC 7766) after a truncated UDP reply: sends it when connected and hands the first
 * framed message back; the length prefix is added and removed by the pipeline's frame codec.
 */
final class TcpReplyHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private final UpstreamExchange exchange;
    private final UpstreamExchange.Attempt attempt;

    TcpReplyHandler(UpstreamExchange exchange, UpstreamExchange.Attempt attempt) {
        this.exchange = exchange;
        this.attempt = attempt;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(attempt.query().message()));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        exchange.onTcpReply(attempt, ByteBufUtil.getBytes(frame));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        exchange.onTcpFailure(attempt, "closed the connection without a reply");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exchange.onTcpFailure(attempt, String.valueOf(cause.getMessage()));
        ctx.close();
    }
}
