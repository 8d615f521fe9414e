package io.edgeplane.proxy.upstream;

import io.edgeplane.config.proxy.UpstreamConfig;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.observe.PoolMeters;
import io.edgeplane.proxy.resolve.NameWatch;
import io.edgeplane.proxy.tls.TlsPeer;
import io.edgeplane.proxy.tls.UpstreamTls;
import io.edgeplane.proxy.tls.UpstreamTlsException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream pool as it runs: its servers ({@link PoolServers}) and where they are now, and a cache of idle
 * keep-alive connections for each event loop. Connections are always made on the event loop of the client
 * connection that needs them. Servers given by name are kept fresh by {@link NameWatch}es, which the pool
 * stops when it closes. With TLS, a new connection is handed over only once its handshake is done and the
 * server proved to be the one meant; a handshake that fails is a failed connect.
 */
public final class UpstreamPool {

    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    /** Read by each decoder when it is made, never written after: one for every connection of the pool. */
    private final HttpDecoderConfig responseDecoding = new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setMaxChunkSize(MAX_CHUNK)
            .setStrictLineParsing(true)
            .setUseRfc9112TransferEncoding(true);

    private final String name;
    private final UpstreamConfig config;
    private final PoolServers servers;
    private final ServerAddresses[] addresses;
    private final List<NameWatch> watches;
    private final Class<? extends SocketChannel> channelType;
    private final PoolMeters meters;
    /** TLS to the servers, or null for plain HTTP. */
    private final UpstreamTls tls;
    /** Whom each server's TLS connections must reach, by server index; null without TLS. */
    private final TlsPeer[] peers;
    private final ConcurrentHashMap<EventLoop, ConnectionCache> caches = new ConcurrentHashMap<>();
    /** The servers' active health checks, or null without {@code health}. */
    private final HealthChecks health;

    /**
     * @param addresses each server's addresses, by server index
     * @param watches   what keeps the servers' names fresh; closed with the pool
     * @param tls       TLS to the servers, closed with the pool; empty = plain HTTP
     */
    public UpstreamPool(String name, UpstreamConfig config, List<UpstreamServer> servers, List<ServerAddresses> addresses,
                        List<NameWatch> watches, Class<? extends SocketChannel> channelType, PoolMeters meters,
                        Optional<UpstreamTls> tls, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.addresses = addresses.toArray(ServerAddresses[]::new);
        this.watches = List.copyOf(watches);
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.servers = new PoolServers(name, config, servers, meters, clock);
        this.tls = tls.orElse(null);
        this.peers = this.tls == null ? null
                : this.servers.list().stream().map(server -> this.tls.peer(server.address())).toArray(TlsPeer[]::new);
        this.health = config.health().map(checks -> new HealthChecks(name, checks, this.servers.statuses(), this.addresses,
                channelType, this.tls, this.peers)).orElse(null);
        if (this.addresses.length != servers.size()) {
            throw new IllegalArgumentException("one address per server: " + this.addresses.length + " for "
                    + servers.size() + " servers");
        }
    }

    public String name() {
        return name;
    }

    public UpstreamConfig config() {
        return config;
    }

    /** The servers: their states, the balancer over them, what they answered. */
    public PoolServers servers() {
        return servers;
    }

    /** Looks every server name up again now; returns how many names. */
    public int refreshNames() {
        watches.forEach(NameWatch::refreshNow);
        return watches.size();
    }

    /** Reads the pool's TLS files again now: empty without TLS, else empty-or-why-not as {@link UpstreamTls#reload()}. */
    public Optional<Optional<String>> reloadTls() {
        return tls == null ? Optional.empty() : Optional.of(tls.reload());
    }

    public PoolMeters meters() {
        return meters;
    }

    /** Where {@code server} is now. */
    public ServerAddresses addresses(UpstreamServer server) {
        return addresses[server.index()];
    }

    /** An idle connection to {@code server} on {@code loop}, leased to {@code listener}, or null. */
    public UpstreamConnection leaseIdle(EventLoop loop, UpstreamServer server, ResponseListener listener) {
        ConnectionCache cache = cache(loop);
        ServerAddresses where = addresses[server.index()];
        UpstreamConnection connection;
        while ((connection = cache.poll(server)) != null) {
            if (connection.stillServedBy(where)) {
                connection.lease(listener);
                return connection;
            }
            // The name no longer resolves to this connection's address: new requests follow DNS now, not
            // when the connection's idle timeout ends. (Idle ones never leased again just time out.)
            connection.channel().close();
        }
        return null;
    }

    /**
     * Opens a new connection to {@code server} on {@code loop}; {@code callback} hears how it went, on that loop.
     * With {@code send_proxy} it starts with a PROXY header naming {@code client} and the listener address
     * {@code local} it reached; kept alive, the connection goes on naming them for later clients, as HAProxy's.
     * With TLS the handshake follows the header (HAProxy's order: the header is for whatever accepts the TCP
     * connection), and the callback hears of the connection once it is done.
     */
    public void connect(EventLoop loop, UpstreamServer server, ResponseListener listener, ConnectCallback callback,
                        InetSocketAddress client, InetSocketAddress local) {
        ConnectionCache cache = cache(loop);
        ServerAddresses where = addresses[server.index()];
        InetSocketAddress[] set = where.snapshot();
        InetSocketAddress remote = where.pick(set);
        UpstreamResponseDecoder decoder = new UpstreamResponseDecoder(responseDecoding);
        UpstreamConnection connection = new UpstreamConnection(server, cache, remote, set, decoder,
                config.timeouts().idle().toNanos());
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeouts().connect().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(decoder, new HttpRequestEncoder(), connection);
                    }
                })
                .connect(remote);
        connect.addListener(future -> {
            if (!future.isSuccess()) {
                callback.failed(server, future.cause());
                return;
            }
            // Here, not in channelActive: the connect promise completes before it, and the request follows.
            config.sendProxy().ifPresent(version -> sendProxyHeader(connect.channel(), version, client, local));
            if (tls == null) {
                connection.lease(listener);
                callback.connected(connection);
            } else {
                startTls(connect.channel(), server, remote, connection, listener, callback);
            }
        });
    }

    /**
     * Puts TLS first in the pipeline, which starts the handshake at once (the channel is active), and hands
     * the connection over when it is done and the server is the one meant. The handshake has the connect
     * timeout again, as nginx gives it.
     */
    private void startTls(Channel channel, UpstreamServer server, InetSocketAddress remote, UpstreamConnection connection,
                          ResponseListener listener, ConnectCallback callback) {
        if (!channel.isActive()) {
            // Closed already (the PROXY header's write failed): a handler added now would wait for a handshake forever.
            callback.failed(server, new ClosedChannelException());
            return;
        }
        TlsPeer peer = peers[server.index()];
        SslHandler handler = tls.newHandler(channel.alloc(), peer, remote, config.timeouts().connect());
        channel.pipeline().addFirst(handler);
        handler.handshakeFuture().addListener(handshake -> {
            UpstreamTlsException failure = handshake.isSuccess()
                    ? tls.checkPeer(handler.engine(), peer, remote).orElse(null)
                    : tls.failure(handshake.cause(), peer, remote);
            if (failure == null) {
                connection.lease(listener);
                callback.connected(connection);
                return;
            }
            meters.tlsFailed(failure.reason());
            channel.close();
            callback.failed(server, failure);
        });
    }

    private static void sendProxyHeader(Channel channel, UpstreamConfig.ProxyProtocolVersion version,
                                        InetSocketAddress client, InetSocketAddress local) {
        // The encoder is needed for this one message only; the write passes it synchronously on the event loop.
        channel.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
        channel.writeAndFlush(ProxyProtocolHeader.of(version, client, local));
        channel.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
    }

    private ConnectionCache cache(EventLoop loop) {
        ConnectionCache cache = caches.get(loop);
        if (cache == null) {
            cache = caches.computeIfAbsent(loop, l -> new ConnectionCache(addresses.length,
                    config.keepalive().maxIdle(), config.keepalive().idleTimeout().toNanos()));
        }
        return cache;
    }

    /**
     * The pool goes into service: from now on its TLS files, if any, are watched for changes, and its servers'
     * health checked, on {@code loops}. Its servers take over the state of the same servers in {@code replaced},
     * the pool of the same name that a reload replaces with this one.
     */
    public void start(EventLoopGroup loops, Optional<UpstreamPool> replaced) {
        // What operators and checks said of a server outlives a reload that keeps it.
        replaced.ifPresent(previous -> servers.inherit(previous.servers));
        if (tls != null) {
            tls.start();
        }
        if (health != null) {
            health.start(loops);
        }
    }

    /**
     * Stops refreshing the servers' names and closes every idle connection; connections in use close when
     * their exchange ends.
     */
    public void close() {
        if (health != null) {
            health.stop();
        }
        watches.forEach(NameWatch::close);
        if (tls != null) {
            tls.close();
        }
        caches.forEach((loop, cache) -> loop.execute(cache::closeAll));
    }

    /** How a connection attempt ended. */
    public interface ConnectCallback {
        void connected(UpstreamConnection connection);

        void failed(UpstreamServer server, Throwable cause);
    }
}
