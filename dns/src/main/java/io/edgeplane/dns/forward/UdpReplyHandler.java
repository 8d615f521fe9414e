package io.edgeplane.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every datagram on one upstream query's socket to its exchange, which decides whether it is the reply. */
final class UdpReplyHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(UdpReplyHandler.class);

    private final UpstreamExchange exchange;
    private final UpstreamExchange.Attempt attempt;

    UdpReplyHandler(UpstreamExchange exchange, UpstreamExchange.Attempt attempt) {
        this.exchange = exchange;
        this.attempt = attempt;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        // Whatever arrives is untrusted: nothing it holds may throw out of here and into the event loop.
        try {
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            exchange.onDatagram(attempt, packet.sender(), bytes);
        } catch (RuntimeException e) {
            log.warn("dns: a reply from {} could not be handled", packet.sender(), e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send that failed or an ICMP error reported back: the attempt's timeout moves on to the next server.
        log.debug("dns: upstream socket error", cause);
    }
}
