package io.edgeplane.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and tells the connection when the first bytes of a request arrive, so the
 * wait for a request switches from the idle timeout to the header timeout (slowloris → 408).
 */
final class FirstByteWatcher extends ChannelInboundHandlerAdapter {

    private final ClientConnectionHandler connection;

    FirstByteWatcher(ClientConnectionHandler connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection.waitingForRequest()) {
            connection.onRequestBytes();
        }
        ctx.fireChannelRead(msg);
    }
}
