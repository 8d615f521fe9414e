package io.edgeplane.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * First in a plain listener's pipeline where the listener speaks HTTP/2: reads the connection's first bytes
 * and, if they are the HTTP/2 client preface ({@code PRI * HTTP/2.0...}, RFC 9113 §3.4, "prior knowledge"),
 * hands the connection to HTTP/2; at the first byte that differs it leaves, and HTTP/1 reads everything from
 * the start. Either way it leaves the pipeline, passing on what it read.
 */
final class PriorKnowledgeDetector extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final ClientConnectionHandler http1;

    PriorKnowledgeDetector(ClientConnectionHandler http1) {
        this.http1 = http1;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, length)) {
            ctx.pipeline().remove(this);
        } else if (length == PREFACE.readableBytes()) {
            // Removed after the switch: what it holds, the preface and anything after it, goes to the frame codec.
            http1.switchToHttp2();
            ctx.pipeline().remove(this);
        }
        // Else a part of the preface, so far: wait for the rest.
    }
}
