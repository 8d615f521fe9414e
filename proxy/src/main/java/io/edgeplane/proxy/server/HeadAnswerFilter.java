package io.edgeplane.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The answer to a HEAD on an HTTP/2 stream: its head as the body would have it (Content-Length included),
 * and no body. An HTTP/1 connection's encoder knows this by itself; the HTTP/2 conversion does not, so a
 * stream answering a HEAD gets this filter in front of it.
 */
final class HeadAnswerFilter extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse full) {
            DefaultHttpResponse head = new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers());
            full.release();
            ctx.write(head);
            ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, promise);
        } else if (msg instanceof LastHttpContent last) {
            last.release();
            ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, promise);
        } else if (msg instanceof HttpContent content) {
            content.release();
            promise.trySuccess();
        } else {
            ctx.write(msg, promise);
        }
    }
}
