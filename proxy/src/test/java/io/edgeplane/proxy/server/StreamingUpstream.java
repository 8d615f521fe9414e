package io.edgeplane.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that never holds a body: {@code POST /count} reads a body of any size and answers with its
 * length; {@code GET /stream?bytes=N} writes N bytes as fast as the connection takes them, and no faster.
 */
final class StreamingUpstream implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    StreamingUpstream() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private long received;
        private boolean counting;
        private long toSend;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                QueryStringDecoder target = new QueryStringDecoder(request.uri());
                counting = target.path().equals("/count");
                received = 0;
                if (target.path().equals("/stream")) {
                    toSend = Long.parseLong(target.parameters().get("bytes").getFirst());
                }
            }
            if (msg instanceof HttpContent content) {
                received += content.content().readableBytes();
                boolean last = content instanceof LastHttpContent;
                content.release();
                if (last && counting) {
                    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.copiedBuffer(Long.toString(received), StandardCharsets.US_ASCII));
                    HttpUtil.setContentLength(response, response.content().readableBytes());
                    ctx.writeAndFlush(response);
                } else if (last) {
                    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    HttpUtil.setContentLength(response, toSend);
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                    ctx.write(response);
                    sendMore(ctx);
                }
            }
        }

        /** Writes while the socket takes it; resumes when it drains. */
        private void sendMore(ChannelHandlerContext ctx) {
            while (toSend > 0 && ctx.channel().isWritable()) {
                int size = (int) Math.min(CHUNK, toSend);
                ByteBuf chunk = ctx.alloc().buffer(size).writeZero(size);
                toSend -= size;
                ChannelFuture written = ctx.write(new DefaultHttpContent(chunk));
                if (toSend == 0) {
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    return;
                }
                if (!written.isDone()) {
                    ctx.flush();
                }
            }
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && toSend > 0) {
                sendMore(ctx);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
