package io.edgeplane.proxy.server;

import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.core.transport.ListeningSockets;
import io.edgeplane.proxy.http.ResponseCompressor;
import io.edgeplane.proxy.limit.ClientAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's accepting side: binds a listener's sockets, admits each connection against the listener's
 * {@code max_connections} and {@code max_connections_per_client}, builds its pipeline (PROXY header, TLS,
 * HTTP/1 with HTTP/2 by ALPN or prior knowledge, compression), and keeps every open connection so a stop
 * can drain and close them.
 */
final class ClientAcceptor {

    /** Netty's default receive-buffer sizing, shared: it keeps no per-channel state (each channel has a handle). */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();

    private final EventLoops eventLoops;
    /**
     * Every open client connection and its listener, for draining on stop. One close listener serves them
     * all (rather than a channel group's and a listener's each), so an idle connection carries no list of them.
     */
    private final ConcurrentHashMap<Channel, OpenConnection> connections = new ConcurrentHashMap<>();
    private final ChannelFutureListener connectionClosed = future -> {
        OpenConnection open = connections.remove(future.channel());
        if (open != null) {
            open.handle().closed();
            if (open.counted() != null) {
                open.handle().clients().closed(open.counted());
            }
        }
    };

    /**
     * An open client connection: its listener, and the client its {@code max_connections_per_client} count
     * is under (null until a PROXY header names it).
     */
    private record OpenConnection(ListenerHandle handle, ClientAddress counted) {
    }

    ClientAcceptor(EventLoops eventLoops) {
        this.eventLoops = eventLoops;
    }

    /**
     * Binds {@code addresses} for {@code handle}'s listener; every socket or none.
     *
     * @throws ServiceException naming the address that cannot be bound
     */
    List<Channel> bind(ListenerHandle handle, List<HostPort> addresses) throws ServiceException {
        List<Channel> sockets = new ArrayList<>();
        for (HostPort address : addresses) {
            ChannelFuture future = new ServerBootstrap()
                    .group(eventLoops.group())
                    .channel(eventLoops.serverChannelType())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // One allocator for all: each channel's own would be one more object per idle connection.
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            initClient(handle, channel);
                        }
                    })
                    .bind(address.toSocketAddress())
                    .awaitUninterruptibly();
            if (!future.isSuccess()) {
                sockets.forEach(Channel::close);
                throw new ServiceException("proxy: listener " + handle.name() + ": cannot listen on " + address + ": "
                        + ListeningSockets.bindFailure(future.cause()), future.cause());
            }
            sockets.add(future.channel());
        }
        return sockets;
    }

    private void initClient(ListenerHandle handle, SocketChannel channel) {
        if (!handle.tryOpen()) {
            // Over max_connections: close before reading a byte, as HAProxy's maxconn does at accept.
            handle.runtime().connections().overLimit();
            channel.close();
            return;
        }
        // Behind a balancer (PROXY protocol) the socket's peer is the balancer: the client is counted when
        // its header names it.
        boolean proxied = handle.runtime().proxyProtocolPeers().isPresent();
        ClientAddress peer = proxied ? null : clientOf(channel);
        if (peer != null && !handle.clients().tryOpen(peer, handle.runtime().limits().maxConnectionsPerClient())) {
            // Over max_connections_per_client: the same at accept, for one client's share.
            handle.closed();
            handle.runtime().connections().overClientLimit();
            channel.close();
            return;
        }
        connections.put(channel, new OpenConnection(handle, peer));
        channel.closeFuture().addListener(connectionClosed);
        var limits = handle.runtime().limits();
        ClientConnectionHandler connection = new ClientConnectionHandler(handle, handle.runtime().requestDecoding());
        // The PROXY header precedes everything, the TLS ClientHello too.
        handle.runtime().proxyProtocolPeers().ifPresent(peers -> channel.pipeline().addLast(
                new HAProxyMessageDecoder(true),
                new ProxyProtocolHandler(peers, handle.runtime().connections(), limits.headerTimeout(),
                        (client, local) -> admitProxied(handle, channel, connection, client, local))));
        // TLS first: everything after it reads and writes plain HTTP, as on a plain listener. With TLS, ALPN
        // chooses HTTP/2 and the connection handler switches when the handshake says so; without, the client's
        // first bytes do (prior knowledge).
        if (handle.runtime().tls().isPresent()) {
            channel.pipeline().addLast(handle.runtime().tls().get().newHandler(limits.headerTimeout()));
        } else if (handle.runtime().speaksHttp2()) {
            channel.pipeline().addLast(new PriorKnowledgeDetector(connection));
        }
        // The decoder guards itself against obs-fold, which it would join unseen; the connection checks its output.
        channel.pipeline().addLast(connection.requestDecoder(), connection.responseEncoder());
        handle.runtime().compression().ifPresent(compression -> channel.pipeline().addLast(new ResponseCompressor(compression)));
        channel.pipeline().addLast(connection);
    }

    /**
     * The client a PROXY header named for {@code channel}: counted under {@code max_connections_per_client}
     * (refused when over it), then handed to the connection. On the channel's event loop, as its close is.
     */
    private boolean admitProxied(ListenerHandle handle, Channel channel, ClientConnectionHandler connection,
                                 InetSocketAddress client, InetSocketAddress local) {
        ClientAddress counted = ClientAddress.of(client.getAddress());
        if (!handle.clients().tryOpen(counted, handle.runtime().limits().maxConnectionsPerClient())) {
            handle.runtime().connections().overClientLimit();
            return false;
        }
        if (connections.replace(channel, new OpenConnection(handle, counted)) == null) {
            // Closed meanwhile: its close has been accounted for already, without this count.
            handle.clients().closed(counted);
            return false;
        }
        connection.proxiedFor(client, local);
        return true;
    }

    /** The client of an accepted connection; its address is cached by the channel, so it is there after close too. */
    private static ClientAddress clientOf(Channel channel) {
        return ClientAddress.of(((InetSocketAddress) channel.remoteAddress()).getAddress());
    }

    /** Every open connection finishes the request in progress and closes; idle keep-alive ones close now. */
    void drainAll() {
        connections.keySet().forEach(channel -> channel.pipeline().fireUserEventTriggered(ClientConnectionHandler.DRAIN));
    }

    /** Closes every open connection and waits until they are closed. */
    void closeAll() {
        List<ChannelFuture> closing = new ArrayList<>();
        connections.keySet().forEach(channel -> closing.add(channel.close()));
        closing.forEach(ChannelFuture::awaitUninterruptibly);
    }
}
