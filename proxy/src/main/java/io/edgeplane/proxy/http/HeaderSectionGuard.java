package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses obsolete line folding (RFC 9112 §5.2: a field line starting with SP or HTAB continues the one
 * before). Netty's decoder quietly joins such lines, which the RFC allows, but then no check after the
 * decoder can tell a folded request from a plain one; this proxy refuses them outright, as a request some
 * parser on the way would read otherwise.
 *
 * <p>The check must see the raw bytes, so one half, {@link #read}, sees them before the HTTP decoder (it is
 * called by {@link GuardedRequestDecoder}, the decoder itself, rather than sitting in the pipeline before it). To
 * never mistake body bytes for field lines it must know where each body ends, and it learns that from the
 * decoder itself rather than parsing twice: it hands the decoder a header section, then a Content-Length
 * body, then a chunked body a line at a time (or a chunk's data at once), and after each piece the other
 * half, {@link #admitDecoded}, called with whatever the decoder put out, has seen what came of it. The decoder
 * runs synchronously inside each hand-over, so no piece ever runs past the end of a message. If the decoder
 * ever decodes a request head this guard did not scan, the connection is closed rather than trusted.
 *
 * <p>A folded request becomes a request whose {@linkplain HttpObject#decoderResult() decoder result} is a
 * failure, so the connection handler answers it as any other malformed request: 400, in order after the
 * requests before it, and close. After a 101 the decoder, and this guard with it, leaves the pipeline. One
 * guard per connection; lives on its event loop.
 *
 * <p>Being the first to see a request's bytes, the guard also tells its {@link RequestStartListener} when
 * they arrive (so the connection can switch from its idle timeout to its header timeout): one handler fewer
 * in every connection's pipeline than a watcher of its own.
 */
public final class HeaderSectionGuard {

    private static final Logger log = LoggerFactory.getLogger(HeaderSectionGuard.class);

    /** Where a chunked body is. */
    private enum ChunkPart { SIZE_LINE, DATA, DATA_END, TRAILERS }

    private enum Mode {
        /** Reading a header section: every byte is scanned. */
        HEAD,
        /** Inside a Content-Length body: {@link #remaining} bytes are handed on unread. */
        LENGTH,
        /** Inside a chunked body: lines, and chunk data of a known size, are handed on one at a time. */
        CHUNKED,
        /** The decoder refused the message and drops whatever else comes: nothing more to guard. */
        DECODER_FAILED,
        /** This guard refused the message: the rest of the stream is dropped. */
        REFUSED,
    }

    /** Told when header-section bytes arrive: a request may be starting. */
    public interface RequestStartListener {
        void onRequestBytes();
    }

    /** The HTTP decoder, handed each piece this guard lets through (and what it refuses, as a failed request). */
    public interface Decoder {
        void decode(ChannelHandlerContext ctx, Object piece) throws Exception;
    }

    private final RequestStartListener startListener;
    private final Decoder decoder;

    private Mode mode = Mode.HEAD;

    // Header-section scanning, across reads.
    private boolean requestLineStarted;
    private boolean inRequestLine;
    private boolean lineStart;
    private boolean lineEmpty;

    // Body framing.
    private long remaining;
    private ChunkPart chunkPart;
    /** A chunk size was in doubt: the rest of the body goes a line at a time, which is slower, never wrong. */
    private boolean linesOnly;
    private long chunkSize;
    private int chunkSizeDigits;
    private boolean chunkSizeDigitsEnded;

    // What the decoder put out: during the last hand-over, and (a failure) ever.
    private boolean handingOverHeadEnd;
    private HttpRequest decodedHead;
    private boolean decodedLast;
    private boolean decodedFailure;

    public HeaderSectionGuard(RequestStartListener startListener, Decoder decoder) {
        this.startListener = java.util.Objects.requireNonNull(startListener, "startListener");
        this.decoder = java.util.Objects.requireNonNull(decoder, "decoder");
    }

    /** A handler for right after the HTTP decoder (see {@link #admitDecoded}); make one per guard. */
    public ChannelHandler decodedHandler() {
        return new Decoded();
    }

    /** What was read from the client, before the decoder sees any of it. */
    public void read(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf in)) {
            decoder.decode(ctx, msg);
            return;
        }
        if (mode == Mode.HEAD) {
            startListener.onRequestBytes();
        }
        try {
            while (in.isReadable() && ctx.channel().isActive()) {
                switch (mode) {
                    case HEAD -> scanHead(ctx, in);
                    case LENGTH -> {
                        if (handOverBody(ctx, in, (int) Math.min(remaining, in.readableBytes())) && remaining == 0) {
                            nextHead();
                        }
                    }
                    case CHUNKED -> handOverChunked(ctx, in);
                    case DECODER_FAILED -> decoder.decode(ctx, in.readRetainedSlice(in.readableBytes()));
                    case REFUSED -> in.skipBytes(in.readableBytes());
                }
            }
        } finally {
            in.release();
        }
    }

    /**
     * Sees what the decoder put out, before anything else does: true if {@code msg} may go on, false if the
     * guard refused it (released, and the connection closed). The connection's own handler calls this first
     * thing, rather than the guard sitting in the pipeline as a handler of its own: one stage fewer for every
     * request, and one context fewer for every idle connection. {@link #decodedHandler()} is the same check
     * as a handler, for a pipeline without such a connection handler.
     */
    public boolean admitDecoded(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject object) {
            boolean failed = object.decoderResult().isFailure();
            decodedFailure |= failed;
            if (msg instanceof HttpRequest request && !failed) {
                if (mode != Mode.HEAD || !handingOverHeadEnd) {
                    // The decoder found a request where this guard did not look for one: trust neither.
                    log.debug("{}: request head outside a scanned header section; closing", ctx.channel().remoteAddress());
                    ReferenceCountUtil.release(msg);
                    mode = Mode.REFUSED;
                    ctx.close();
                    return false;
                }
                decodedHead = request;
            }
            decodedLast |= msg instanceof LastHttpContent;
        }
        return true;
    }

    /** {@link #admitDecoded} as a handler that goes right after the decoder. */
    private final class Decoded extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (admitDecoded(ctx, msg)) {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** Scans header-section bytes up to the section's end, a fold, or the end of what was read. */
    private void scanHead(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        int end = in.writerIndex();
        for (int i = in.readerIndex(); i < end; i++) {
            int b = in.getByte(i) & 0xff;
            if (!requestLineStarted) {
                // Like the decoder, skip control characters and whitespace before the request line.
                if (b <= ' ' || b >= 0x7f && b <= 0x9f) {
                    continue;
                }
                requestLineStarted = true;
                inRequestLine = true;
                lineStart = false;
                lineEmpty = false;
            } else if (b == '\n') {
                if (lineEmpty && !inRequestLine) {
                    handOverHeadEnd(ctx, in, i + 1 - in.readerIndex());
                    return;
                }
                inRequestLine = false;
                lineStart = true;
                lineEmpty = true;
            } else if (lineStart && !inRequestLine && (b == ' ' || b == '\t')) {
                refuseFold(ctx, in);
                return;
            } else {
                lineStart = false;
                lineEmpty &= b == '\r';
            }
        }
        decoder.decode(ctx, in.readRetainedSlice(in.readableBytes()));
        if (decodedFailure && mode == Mode.HEAD) {
            // Refused before its end (a line too long, a bad field): the decoder drops the rest.
            mode = Mode.DECODER_FAILED;
        }
    }

    private void refuseFold(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        log.debug("{}: obsolete line folding in a request header section", ctx.channel().remoteAddress());
        in.skipBytes(in.readableBytes());
        mode = Mode.REFUSED;
        FullHttpRequest refused = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
                Unpooled.EMPTY_BUFFER);
        refused.setDecoderResult(DecoderResult.failure(
                new IllegalArgumentException("obsolete line folding in the header section (RFC 9112 §5.2)")));
        // Not a ByteBuf: the decoder passes it on as it is, after whatever it has already put out.
        decoder.decode(ctx, refused);
    }

    /** Hands the decoder the last bytes of a header section, then sets up for the body it announces. */
    private void handOverHeadEnd(ChannelHandlerContext ctx, ByteBuf in, int length) throws Exception {
        decodedHead = null;
        decodedLast = false;
        handingOverHeadEnd = true;
        try {
            decoder.decode(ctx, in.readRetainedSlice(length));
        } finally {
            handingOverHeadEnd = false;
        }
        HttpRequest head = decodedHead;
        // Only its framing is needed, and only here: an idle keep-alive connection must not hold its last request.
        decodedHead = null;
        if (mode == Mode.REFUSED) {
            return;
        }
        if (decodedFailure) {
            mode = Mode.DECODER_FAILED;
        } else if (head == null) {
            disagree(ctx, "the decoder did not end the header section where it ends");
        } else if (decodedLast) {
            nextHead();
        } else if (HttpUtil.isTransferEncodingChunked(head)) {
            mode = Mode.CHUNKED;
            linesOnly = false;
            startChunkSizeLine();
        } else {
            remaining = HttpUtil.getContentLength(head, -1L);
            if (remaining > 0) {
                mode = Mode.LENGTH;
            } else {
                disagree(ctx, "a request head with no body and no end");
            }
        }
    }

    /** Hands on {@code length} bytes of a body of known length ({@link #remaining} of it left). */
    private boolean handOverBody(ChannelHandlerContext ctx, ByteBuf in, int length) throws Exception {
        decodedLast = false;
        decoder.decode(ctx, in.readRetainedSlice(length));
        remaining -= length;
        if (mode == Mode.REFUSED) {
            return false;
        }
        if (decodedFailure) {
            mode = Mode.DECODER_FAILED;
            return false;
        }
        if (decodedLast != (remaining == 0 && mode == Mode.LENGTH)) {
            disagree(ctx, "the decoder did not end a body where its length ends");
            return false;
        }
        return true;
    }

    /**
     * A chunked body: a chunk's data goes at once when its size is known, everything else a line at a time.
     * A chunked body ends with a line feed, so handing on a line never runs past it into the next request.
     */
    private void handOverChunked(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (chunkPart == ChunkPart.DATA) {
            if (handOverBody(ctx, in, (int) Math.min(remaining, in.readableBytes())) && remaining == 0) {
                chunkPart = ChunkPart.DATA_END;
            }
            return;
        }
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        int length = (lf < 0 ? in.writerIndex() : lf + 1) - in.readerIndex();
        if (chunkPart == ChunkPart.SIZE_LINE && !linesOnly) {
            readChunkSize(in, length);
        }
        decodedLast = false;
        decoder.decode(ctx, in.readRetainedSlice(length));
        if (mode == Mode.REFUSED) {
            return;
        }
        if (decodedFailure) {
            mode = Mode.DECODER_FAILED;
        } else if (decodedLast) {
            nextHead();
        } else if (lf >= 0 && !linesOnly) {
            chunkLineEnded();
        }
    }

    /** Reads the size digits at the start of a chunk-size line, which may come in pieces. */
    private void readChunkSize(ByteBuf in, int length) {
        for (int i = in.readerIndex(), end = i + length; i < end && !chunkSizeDigitsEnded; i++) {
            int digit = hexDigit(in.getByte(i));
            if (digit < 0) {
                chunkSizeDigitsEnded = true;
            } else if ((chunkSize = chunkSize * 16 + digit) > Integer.MAX_VALUE) {
                // More than the decoder takes: it will refuse the line; this guard need not know the size.
                chunkSizeDigits = 0;
                chunkSizeDigitsEnded = true;
            } else {
                chunkSizeDigits++;
            }
        }
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private void chunkLineEnded() {
        switch (chunkPart) {
            case SIZE_LINE -> {
                if (chunkSizeDigits == 0) {
                    // Not a size this guard can read, yet the decoder took it: go on a line at a time.
                    linesOnly = true;
                } else if (chunkSize == 0) {
                    chunkPart = ChunkPart.TRAILERS;
                } else {
                    remaining = chunkSize;
                    chunkPart = ChunkPart.DATA;
                }
            }
            case DATA_END -> startChunkSizeLine();
            case TRAILERS, DATA -> {
                // Trailer lines until the decoder ends the body; data is handed on above.
            }
        }
    }

    private void startChunkSizeLine() {
        chunkPart = ChunkPart.SIZE_LINE;
        chunkSize = 0;
        chunkSizeDigits = 0;
        chunkSizeDigitsEnded = false;
    }

    private void nextHead() {
        mode = Mode.HEAD;
        requestLineStarted = false;
        inRequestLine = false;
        remaining = 0;
    }

    private void disagree(ChannelHandlerContext ctx, String what) {
        log.debug("{}: {}; closing", ctx.channel().remoteAddress(), what);
        mode = Mode.REFUSED;
        ctx.close();
    }
}
