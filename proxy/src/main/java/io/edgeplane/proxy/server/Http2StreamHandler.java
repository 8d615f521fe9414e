package io.edgeplane.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream: one request, read from the stream's frames as HTTP/1.1 objects
 * ({@code Http2StreamFrameToHttpObjectCodec}) and handled as every request is, through the listener's routes,
 * limits and filters. The stream's flow-control windows carry the backpressure that reading on and off
 * carries on an HTTP/1 connection: a stream that is not read returns no window to its client.
 */
final class Http2StreamHandler extends ClientRequestHandler {

    /** What the HTTP/2 to HTTP/1.1 conversion adds to a request; none of it is the client's, none goes upstream. */
    private static final String[] CONVERSION_HEADERS = {
            HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.SCHEME.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.PATH.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.PROTOCOL.text().toString()};

    private static final Logger log = LoggerFactory.getLogger(Http2StreamHandler.class);

    private final InetSocketAddress clientAddress;
    private final InetSocketAddress localAddress;

    Http2StreamHandler(ListenerHandle listener, InetSocketAddress clientAddress, InetSocketAddress localAddress) {
        super(listener);
        this.clientAddress = clientAddress;
        this.localAddress = localAddress;
    }

    @Override
    InetSocketAddress clientAddress() {
        return clientAddress;
    }

    @Override
    InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    void startingRequest(HttpRequest request) {
        requestStartNanos = System.nanoTime();
        HttpHeaders headers = request.headers();
        for (String name : CONVERSION_HEADERS) {
            headers.remove(name);
        }
        if (HttpMethod.HEAD.equals(request.method())) {
            ctx.pipeline().addBefore(ctx.name(), "head", new HeadAnswerFilter());
        }
    }

    @Override
    String spokenProtocol() {
        return "HTTP/2.0";
    }

    /** A stream carries one request: once it is answered there is nothing more to wait for. */
    @Override
    void awaitNextRequest() {
    }

    /**
     * Ends the stream once {@code written} is out. A client still sending its request is told to stop without
     * error (RST_STREAM NO_ERROR, RFC 9113 §8.1), which leaves its answer standing.
     */
    @Override
    void closeAfter(ChannelFuture written) {
        closing = true;
        written.addListener(done -> {
            Http2StreamChannel stream = (Http2StreamChannel) ctx.channel();
            if (stream.isActive() && stream.stream().state().remoteSideOpen()) {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
            }
            ctx.close();
        });
    }

    /**
     * A stream's writes are frames, so the empty write HTTP/1 uses as a marker cannot follow them; they are
     * handed to the connection in order as they are flushed, which is as far as a stream can tell.
     */
    @Override
    ChannelFuture flushed() {
        ctx.flush();
        return ctx.newSucceededFuture();
    }

    /** HTTP/2 forbids the Connection and Upgrade headers an upgrade needs (RFC 9113 §8.2.2): this never happens. */
    @Override
    void switchToTunnel(Exchange exchange, Channel upstream) {
        upstream.close();
        ctx.close();
    }

    /**
     * A request whose HEADERS ended the stream comes as one {@link FullHttpRequest}; requests are handled as a
     * head and then its body, as HTTP/1 decodes them, so it is passed on as the two.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest full) {
            super.channelRead(ctx, new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers()));
            super.channelRead(ctx, new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            return;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * A stream error (a malformed request, a Content-Length its DATA belies) is the multiplexer's to answer:
     * it resets the stream with the error's code once this returns. Closing here would reset it as CANCEL.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception error) {
            log.debug("{}: HTTP/2 stream error from {}: {}", listener.name(), clientAddress, cause.toString());
            listener.runtime().connections().http2Error("stream", error.error().name());
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
    }
}
