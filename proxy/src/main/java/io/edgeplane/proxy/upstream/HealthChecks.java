package io.edgeplane.proxy.upstream;

import io.edgeplane.config.proxy.HealthConfig;
import io.edgeplane.config.proxy.HttpCheckConfig;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.tls.TlsPeer;
import io.edgeplane.proxy.tls.UpstreamTls;
import io.edgeplane.proxy.tls.UpstreamTlsException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active health checks of one pool: each server is checked on an event loop of its own choosing, every
 * {@code interval}, by a TCP connect or an HTTP request on a connection of its own (never one that carries
 * requests), and each result goes to the server's {@link ServerStatus}, whose fall/rise count decides. A
 * server in MAINT is not checked. Nothing blocks, and nothing touches the request path.
 *
 * <p>In a pool with TLS every check starts with the TLS handshake that requests make (the same verification,
 * SNI and client certificate), within the check's timeout, and an HTTP check is sent over it, as HAProxy's
 * {@code check-ssl}: a server whose TLS is broken cannot serve, however well it accepts TCP connections.
 */
final class HealthChecks {

    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);
    /** The most of a check's response body that is read, for {@code body} to be found in. */
    private static final int MAX_BODY = 64 * 1024;

    private final String pool;
    private final HealthConfig config;
    private final List<ServerStatus> servers;
    private final ServerAddresses[] addresses;
    private final Class<? extends SocketChannel> channelType;
    /** TLS to the servers, or null for plain HTTP. */
    private final UpstreamTls tls;
    /** Whom each server's TLS connections must reach, by server index; null without TLS. */
    private final TlsPeer[] peers;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private volatile boolean stopped;

    /**
     * @param tls   the pool's TLS to its servers, or null for plain HTTP
     * @param peers whom each server's TLS connections must reach, by server index; null without TLS
     */
    HealthChecks(String pool, HealthConfig config, List<ServerStatus> servers, ServerAddresses[] addresses,
                 Class<? extends SocketChannel> channelType, UpstreamTls tls, TlsPeer[] peers) {
        this.pool = pool;
        this.config = config;
        this.servers = List.copyOf(servers);
        this.addresses = addresses;
        this.channelType = channelType;
        this.tls = tls;
        this.peers = peers;
        if (tls != null && (peers == null || peers.length != addresses.length)) {
            throw new IllegalArgumentException("one TLS peer per server: "
                    + (peers == null ? "none" : String.valueOf(peers.length)) + " for " + addresses.length + " servers");
        }
    }

    /** Starts checking every server, the first check of each at a random point of the first interval. */
    synchronized void start(EventLoopGroup loops) {
        long interval = config.interval().toNanos();
        for (ServerStatus server : servers) {
            EventLoop loop = loops.next();
            long first = ThreadLocalRandom.current().nextLong(interval);
            // Fixed delay, not rate: a check that takes its whole timeout does not make the next one come early.
            scheduled.add(loop.scheduleWithFixedDelay(() -> checkSafely(loop, server), first, interval,
                    TimeUnit.NANOSECONDS));
        }
    }

    synchronized void stop() {
        stopped = true;
        scheduled.forEach(task -> task.cancel(false));
        scheduled.clear();
    }

    /** A periodic task that throws is never run again: a check that cannot even start is logged, and tried next time. */
    private void checkSafely(EventLoop loop, ServerStatus status) {
        if (!status.checked()) {
            return;
        }
        try {
            check(loop, status);
        } catch (RuntimeException e) {
            log.warn("proxy: pool {}: cannot check server {}: {}", pool, status.server().address(), e.toString());
        }
    }

    private void check(EventLoop loop, ServerStatus status) {
        UpstreamServer server = status.server();
        ServerAddresses where = addresses[server.index()];
        InetSocketAddress remote = where.pick(where.snapshot());
        Probe probe = new Probe(status, remote);
        TlsPeer peer = tls == null ? null : peers[server.index()];
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, config.timeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (tls == null) {
                            config.http().ifPresent(http -> addResponseCheck(channel.pipeline(), http, probe));
                        } else {
                            // The handshake starts once the connection is up; the HTTP handlers wait for its end.
                            SslHandler handler = tls.newHandler(channel.alloc(), peer, remote, config.timeout());
                            channel.pipeline().addLast(handler, new TlsCheck(handler, peer, probe));
                        }
                    }
                })
                .connect(remote);
        probe.channel = connect.channel();
        if (probe.done) {
            // The connect ended within connect(), before the channel was known: close it now.
            probe.channel.close();
        }
        loop.schedule(() -> probe.done(false, "timed out after " + config.timeout().toMillis() + "ms"
                        + (probe.handshaking ? " in the TLS handshake" : "")),
                config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        connect.addListener(future -> {
            if (!future.isSuccess()) {
                probe.done(false, ConnectFailures.describe(future.cause()));
            } else if (tls == null && config.http().isEmpty()) {
                probe.done(true, "TCP connect ok");
            } else if (tls == null) {
                connect.channel().writeAndFlush(request(config.http().get(), server));
            }
            // With TLS, TlsCheck goes on when the handshake ends.
        });
    }

    private static void addResponseCheck(ChannelPipeline pipeline, HttpCheckConfig http, Probe probe) {
        pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new ResponseCheck(http, probe));
    }

    private static FullHttpRequest request(HttpCheckConfig http, UpstreamServer server) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(http.method()), http.path());
        request.headers().set(HttpHeaderNames.HOST, http.host().orElse(server.address().toString()))
                .set(HttpHeaderNames.USER_AGENT, "edgeplane-health-check")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return request;
    }

    /** One check of one server: its result counts once, whichever of answer, failure or timeout comes first. */
    private final class Probe {
        private final ServerStatus status;
        private final InetSocketAddress remote;
        private final long started = System.nanoTime();
        private Channel channel;
        private boolean done;
        /** Whether a TLS handshake is under way, for a timeout to say so. */
        private boolean handshaking;

        Probe(ServerStatus status, InetSocketAddress remote) {
            this.status = status;
            this.remote = remote;
        }

        void done(boolean passed, String detail) {
            if (done) {
                return;
            }
            done = true;
            if (channel != null) {
                channel.close();
            }
            if (stopped) {
                return;
            }
            log.debug("proxy: pool {}: check of {} ({}): {}", pool, status.server().address(), remote, detail);
            status.checkResult(passed, detail, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /**
     * Ends the TLS handshake of a check: the server must be the one meant, as for a request, before a TCP check
     * passes or an HTTP check is sent. The failure reported is the one a request would meet, naming what was
     * wrong ("the certificate is for ..., not 127.0.0.1").
     */
    private final class TlsCheck extends ChannelInboundHandlerAdapter {
        private final SslHandler handler;
        private final TlsPeer peer;
        private final Probe probe;

        TlsCheck(SslHandler handler, TlsPeer peer, Probe probe) {
            this.handler = Objects.requireNonNull(handler, "handler");
            this.peer = Objects.requireNonNull(peer, "peer");
            this.probe = Objects.requireNonNull(probe, "probe");
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            probe.handshaking = true;
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof SslHandshakeCompletionEvent completion)) {
                ctx.fireUserEventTriggered(event);
                return;
            }
            probe.handshaking = false;
            UpstreamTlsException failure = completion.isSuccess()
                    ? tls.checkPeer(handler.engine(), peer, probe.remote).orElse(null)
                    : tls.failure(completion.cause(), peer, probe.remote);
            if (failure != null) {
                probe.done(false, failure.getMessage());
            } else if (config.http().isEmpty()) {
                // Stays last in the pipeline: whatever the closing connection raises ends here.
                probe.done(true, "TLS handshake ok (" + handler.engine().getSession().getProtocol() + ")");
            } else {
                ChannelPipeline pipeline = ctx.pipeline();
                pipeline.remove(this);
                addResponseCheck(pipeline, config.http().get(), probe);
                ctx.channel().writeAndFlush(request(config.http().get(), probe.status.server()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Swallowed: a failed handshake also ends in the completion event, which says better what failed; a
            // connection lost fails the handshake too; the check's timeout bounds anything else; and once a TCP
            // check is done, what the closing connection raises does not matter.
        }
    }

    /** Reads the check's answer: its status must be in the expected range, and its body hold the text asked for. */
    private static final class ResponseCheck extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final HttpCheckConfig http;
        private final Probe probe;

        ResponseCheck(HttpCheckConfig http, Probe probe) {
            this.http = http;
            this.probe = probe;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            int status = response.status().code();
            if (status < http.expectFrom() || status > http.expectTo()) {
                probe.done(false, "HTTP " + status + ", expected " + http.expect());
            } else if (http.body().isPresent()
                    && !response.content().toString(StandardCharsets.UTF_8).contains(http.body().get())) {
                probe.done(false, "HTTP " + status + " without '" + http.body().get() + "' in the body");
            } else {
                probe.done(true, "HTTP " + status);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            probe.done(false, "closed without an answer");
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            probe.done(false, ConnectFailures.describe(cause));
        }
    }
}
