package io.edgeplane.proxy.http;

import io.edgeplane.config.proxy.CompressionConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AttributeKey;
import java.util.Locale;
import java.util.Set;

/**
 * gzip on a client connection, for the configured media types only. Streams: each piece of a body is
 * compressed as it passes, so nothing is buffered whole. A response already encoded, partial (206), or of
 * a type not listed passes as it is; a listed type always gets {@code Vary: Accept-Encoding}, since the
 * same URL then has two representations. One instance per connection.
 */
public final class ResponseCompressor extends HttpContentCompressor {

    /**
     * Set on a channel by a writer whose next response body is not made of HttpContent (a FileRegion sent
     * with sendfile): such a body cannot be compressed on its way, so the response goes out as it is.
     */
    public static final AttributeKey<Boolean> RAW_BODY = AttributeKey.valueOf("edgeplane.rawBody");

    private final Set<String> types;
    private final long minSize;
    private ChannelHandlerContext ctx;

    public ResponseCompressor(CompressionConfig config) {
        super((int) Math.min(Integer.MAX_VALUE, config.minSize().bytes()),
                StandardCompressionOptions.gzip(config.level(), 15, 8));
        this.types = Set.copyOf(config.effectiveTypes());
        this.minSize = config.minSize().bytes();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        Boolean raw = ctx.channel().attr(RAW_BODY).getAndSet(null);
        if (!isCompressibleType(response.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            return null;
        }
        if (!response.headers().containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING, true)) {
            response.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (raw != null || response.status().code() == 206 || response.headers().contains(HttpHeaderNames.CONTENT_RANGE)
                || response.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
            return null;
        }
        if (response.headers().containsValue(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_TRANSFORM, true)) {
            return null;
        }
        // Netty's own threshold sees only whole responses; a streamed one says its size in Content-Length.
        long length = io.netty.handler.codec.http.HttpUtil.getContentLength(response, -1L);
        if (length >= 0 && length < minSize) {
            return null;
        }
        return super.beginEncode(response, acceptEncoding);
    }

    private boolean isCompressibleType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return types.contains(base.toLowerCase(Locale.ROOT));
    }
}
