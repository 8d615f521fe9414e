package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * The request decoder of a client connection, with its {@link HeaderSectionGuard} in front: what is read
 * goes to the guard first, which hands the decoder each piece it lets through. One handler instead of a
 * guard handler before a decoder handler: every read passes one pipeline stage fewer, and every connection
 * keeps one context fewer.
 */
public final class GuardedRequestDecoder extends HttpRequestDecoder implements HeaderSectionGuard.Decoder {

    private final HeaderSectionGuard guard;

    public GuardedRequestDecoder(HttpDecoderConfig config, HeaderSectionGuard.RequestStartListener startListener) {
        super(config);
        this.guard = new HeaderSectionGuard(startListener, this);
    }

    /** The guard, whose other half ({@link HeaderSectionGuard#admitDecoded}) the next handler calls. */
    public HeaderSectionGuard guard() {
        return guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        guard.read(ctx, msg);
    }

    @Override
    public void decode(ChannelHandlerContext ctx, Object piece) throws Exception {
        super.channelRead(ctx, piece);
    }
}
