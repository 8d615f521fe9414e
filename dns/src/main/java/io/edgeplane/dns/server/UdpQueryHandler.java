package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** Answers each datagram of one UDP socket; answers are flushed once per read burst, not per packet. */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final QueryAnswerer answerer;
    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer out = new AnswerBuffer();

    UdpQueryHandler(QueryAnswerer answerer) {
        this.answerer = answerer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf answer = answerer.answer(packet.content(), packet.sender().getAddress(), false, parser, out, ctx.alloc());
        if (answer != null) {
            ctx.write(new DatagramPacket(answer, packet.sender()), ctx.voidPromise());
        }
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
}
