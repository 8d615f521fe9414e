package io.edgeplane.proxy.server;

import io.edgeplane.core.net.AccessList;
import io.edgeplane.proxy.observe.ConnectionMeters;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PROXY protocol header (v1 or v2) that starts every connection of a listener behind an L4 balancer, as
 * HAProxy's {@code accept-proxy}. It sits after an {@link HAProxyMessageDecoder} and before TLS, since the header
 * precedes the ClientHello. It holds back {@code channelActive} from the handlers after it until the header
 * is read, so they first see the connection with the client the header names. A {@code LOCAL} header (the
 * balancer's own health check) or an {@code UNKNOWN}/unix one keeps the socket's addresses. No header within
 * the header timeout, a malformed one, or a peer not trusted to send one: the connection is closed and
 * counted, before any handler after this one hears of it.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    /** Told whom the connection is for once the header is read. */
    interface ProxiedClient {
        /**
         * @return false to refuse the connection (the callee counts why; this handler closes it): its
         *         client is over a limit of its own, such as {@code max_connections_per_client}
         */
        boolean admit(InetSocketAddress client, InetSocketAddress local);
    }

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    private final AccessList peers;
    private final ConnectionMeters meters;
    private final Duration timeout;
    private final ProxiedClient proxiedFor;
    private ScheduledFuture<?> deadline;
    /** The header was read and the connection handed on; from then on this handler is gone. */
    private boolean accepted;
    private boolean refused;

    /**
     * @param peers      who may send a header; an open list lets anyone
     * @param meters     where refused connections are counted
     * @param timeout    how long the header may take
     * @param proxiedFor hears the client and local addresses the connection stands for, and may refuse them
     */
    ProxyProtocolHandler(AccessList peers, ConnectionMeters meters, Duration timeout, ProxiedClient proxiedFor) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.proxiedFor = Objects.requireNonNull(proxiedFor, "proxiedFor");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        if (!peers.permits(peer.getAddress())) {
            // Anyone who can reach the port could otherwise claim to be any client.
            refuse(ctx, "PROXY header from untrusted peer " + peer);
            return;
        }
        deadline = ctx.executor().schedule(() -> refuse(ctx, "no PROXY header within " + timeout),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            accept(ctx, header);
        } finally {
            ReferenceCountUtil.release(header);
        }
    }

    private void accept(ChannelHandlerContext ctx, HAProxyMessage header) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (refused || !ctx.channel().isActive()) {
            return;
        }
        boolean admitted;
        if (header.command() == HAProxyCommand.PROXY && carriesAddresses(header.proxiedProtocol())) {
            admitted = proxiedFor.admit(
                    new InetSocketAddress(InetAddress.ofLiteral(header.sourceAddress()), header.sourcePort()),
                    new InetSocketAddress(InetAddress.ofLiteral(header.destinationAddress()), header.destinationPort()));
        } else {
            // LOCAL (the balancer's own check) and UNKNOWN: the socket's ends are the connection's.
            admitted = proxiedFor.admit((InetSocketAddress) ctx.channel().remoteAddress(),
                    (InetSocketAddress) ctx.channel().localAddress());
        }
        if (!admitted) {
            refused = true;
            ctx.close();
            return;
        }
        accepted = true;
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private static boolean carriesAddresses(HAProxyProxiedProtocol protocol) {
        return switch (protocol) {
            case TCP4, TCP6, UDP4, UDP6 -> true;
            default -> false;
        };
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        // The handlers after this one never saw the connection become active, so they need not see it end.
        if (accepted) {
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (accepted) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        refuse(ctx, "bad PROXY header: " + cause.getMessage());
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        // The decoder closes the channel itself before it reports a bad header, so an open channel is no test.
        if (accepted || refused) {
            return;
        }
        refused = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        meters.badProxyProtocol();
        log.debug("{}: {}; closing", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
