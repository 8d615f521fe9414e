package io.edgeplane.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream for tests. {@code /echo...} answers with what it received (method, URI, headers, body size)
 * and its own name; {@code /status/N} answers N; {@code /close} drops the connection without answering;
 * {@code /slow?ms=N} answers after N ms. It counts requests and connections. Made with {@link #tls}, it
 * speaks HTTPS, and notes each connection's SNI name, session and client certificate.
 */
final class TestUpstream implements AutoCloseable {

    private final String name;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    /** Every byte received, as ISO-8859-1 text, connections interleaved: what the proxy actually forwarded. */
    final StringBuffer received = new StringBuffer();
    /** With TLS: each connection's SNI name, in order; "" for a connection that sent none. */
    final List<String> sniNames = new CopyOnWriteArrayList<>();
    /** With TLS: the session ID of each completed handshake; a resumed session has the ID of the one it resumes. */
    final List<String> sessionIds = new CopyOnWriteArrayList<>();
    /** With TLS: the subject of each client certificate received. */
    final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    /** With a PROXY header expected: the client address each header named. */
    final List<String> proxiedClients = new CopyOnWriteArrayList<>();

    TestUpstream(String name) throws InterruptedException {
        this(name, new InetSocketAddress("127.0.0.1", 0));
    }

    /** An upstream on {@code bind}: another loopback address such as 127.0.0.2, or a port chosen by the test. */
    TestUpstream(String name, InetSocketAddress bind) throws InterruptedException {
        this(name, bind, null, false);
    }

    /**
     * An HTTPS upstream on a free loopback port, serving {@code context}; with {@code acceptProxy} each
     * connection must start with a PROXY header, before TLS, as HAProxy's {@code accept-proxy ssl}.
     */
    static TestUpstream tls(String name, SslContext context, boolean acceptProxy) throws InterruptedException {
        return new TestUpstream(name, new InetSocketAddress("127.0.0.1", 0), context, acceptProxy);
    }

    private TestUpstream(String name, InetSocketAddress bind, SslContext tls, boolean acceptProxy) throws InterruptedException {
        this.name = name;
        io.netty.channel.ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.incrementAndGet();
                        if (acceptProxy) {
                            channel.pipeline().addLast(new HAProxyMessageDecoder(), new ProxyHeaderRecorder());
                        }
                        if (tls != null) {
                            channel.pipeline().addLast(new SniHandler(hostname -> {
                                sniNames.add(hostname == null ? "" : hostname);
                                return tls;
                            }), new HandshakeRecorder());
                        }
                        channel.pipeline().addLast(new ByteRecorder(), new HttpServerCodec(), new HttpObjectAggregator(16 << 20),
                                new Handler());
                    }
                })
                .bind(bind).await();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("test upstream " + name + " cannot listen on " + bind, bound.cause());
        }
        this.server = bound.channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String address() {
        return ((InetSocketAddress) server.localAddress()).getAddress().getHostAddress() + ":" + port();
    }

    private final class ProxyHeaderRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HAProxyMessage header) {
                proxiedClients.add(header.sourceAddress() + ":" + header.sourcePort());
                header.release();
                ctx.pipeline().remove(this);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class HandshakeRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
                SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
                sessionIds.add(HexFormat.of().formatHex(session.getId()));
                try {
                    clientCertificates.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
                } catch (SSLPeerUnverifiedException e) {
                    // No client certificate: nothing to note.
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A handshake the proxy refused (as tests make it do): the client's alert says why; nothing to print.
            ctx.close();
        }
    }

    private final class ByteRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                received.append(bytes.toString(StandardCharsets.ISO_8859_1));
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.incrementAndGet();
            QueryStringDecoder target = new QueryStringDecoder(request.uri());
            String path = target.path();
            if (path.equals("/upgrade")) {
                // Agree to an upgrade, then echo raw bytes: a stand-in for a WebSocket server.
                FullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
                switching.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
                switching.headers().set(HttpHeaderNames.UPGRADE, request.headers().get(HttpHeaderNames.UPGRADE, "echo"));
                ctx.writeAndFlush(switching);
                ctx.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext echo, Object msg) {
                        echo.writeAndFlush(msg);
                    }
                });
                ctx.pipeline().remove(HttpObjectAggregator.class);
                ctx.pipeline().remove(HttpServerCodec.class);
                ctx.pipeline().remove(this);
                return;
            }
            if (path.equals("/close")) {
                ctx.close();
                return;
            }
            if (path.startsWith("/status/")) {
                reply(ctx, request, HttpResponseStatus.valueOf(Integer.parseInt(path.substring(8))), name + "\n");
                return;
            }
            if (path.equals("/slow")) {
                long ms = Long.parseLong(target.parameters().get("ms").getFirst());
                String body = name + "\n";
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                ctx.executor().schedule(() -> reply(ctx, keepAlive, HttpResponseStatus.OK, body), ms, TimeUnit.MILLISECONDS);
                return;
            }
            StringBuilder echo = new StringBuilder()
                    .append("upstream=").append(name).append('\n')
                    .append("method=").append(request.method()).append('\n')
                    .append("uri=").append(request.uri()).append('\n')
                    .append("body=").append(request.content().readableBytes()).append('\n');
            for (Map.Entry<String, String> header : request.headers()) {
                echo.append("h:").append(header.getKey().toLowerCase(java.util.Locale.ROOT)).append('=').append(header.getValue()).append('\n');
            }
            reply(ctx, request, HttpResponseStatus.OK, echo.toString());
        }

        private void reply(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String body) {
            reply(ctx, HttpUtil.isKeepAlive(request), status, body);
        }

        private void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            response.headers().set("X-Upstream", name);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
