package io.edgeplane.proxy.server;

import io.edgeplane.config.proxy.Http2Config;
import io.edgeplane.proxy.http.ResponseCompressor;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.InetSocketAddress;

/**
 * Turns a client connection into an HTTP/2 one: the frame codec with the listener's settings and the
 * protections below, a multiplexer that gives every stream a channel of its own, and on each stream the
 * conversion to HTTP/1.1 objects and an {@link Http2StreamHandler}.
 *
 * <p>The protections, each a limit the codec enforces by closing the connection with GOAWAY:
 * <ul>
 *   <li>Rapid Reset (CVE-2023-44487): streams opened and reset at once cost the server work and never count
 *       against {@code max_concurrent_streams}; more than {@link #MAX_CLIENT_RESETS} resets from the client
 *       within {@link #RESET_WINDOW_SECONDS} seconds end the connection (ENHANCE_YOUR_CALM).</li>
 *   <li>MadeYouReset (CVE-2025-8671): frames crafted to make the server reset streams itself; more than
 *       {@link #MAX_SERVER_RESETS} such resets within the same window end the connection.</li>
 *   <li>CONTINUATION flood: a header block is bounded by the listener's {@code max_header_size} as it is read
 *       (larger, and the connection ends), and by {@link #MAX_SMALL_CONTINUATIONS} small CONTINUATION frames
 *       in a row.</li>
 *   <li>Control-frame floods (PING, SETTINGS): at most {@link #MAX_QUEUED_CONTROL_FRAMES} answers queued
 *       unread by a client that does not read them; and at most {@link #MAX_EMPTY_DATA_FRAMES} empty DATA
 *       frames in a row.</li>
 * </ul>
 */
final class Http2Connections {

    static final int MAX_CLIENT_RESETS = 200;
    static final int MAX_SERVER_RESETS = 200;
    static final int RESET_WINDOW_SECONDS = 30;
    static final int MAX_SMALL_CONTINUATIONS = 16;
    static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;
    static final int MAX_EMPTY_DATA_FRAMES = 2;
    /** Flushes of streams that are put together into one write to the socket, at most. */
    private static final int FLUSHES_PER_WRITE = 64;
    /** HTTP/2's connection window before any WINDOW_UPDATE (RFC 9113 §6.9.2). */
    private static final int DEFAULT_WINDOW = 65_535;

    private Http2Connections() {
    }

    /**
     * Puts the HTTP/2 handlers into {@code pipeline} in place of {@code http1}'s, whose decoder leaves last so
     * that bytes it holds reach the frame codec.
     */
    static void install(ChannelPipeline pipeline, ClientConnectionHandler http1, ListenerHandle listener,
                        InetSocketAddress client, InetSocketAddress local) {
        ListenerRuntime runtime = listener.runtime();
        Http2Config config = runtime.http2();
        Http2Settings settings = new Http2Settings()
                .maxConcurrentStreams(config.maxConcurrentStreams())
                .initialWindowSize((int) config.initialWindowSize().bytes())
                .maxFrameSize((int) config.maxFrameSize().bytes())
                .maxHeaderListSize(runtime.limits().maxHeaderSize().bytes());
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_CLIENT_RESETS, RESET_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_SERVER_RESETS, RESET_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_EMPTY_DATA_FRAMES)
                // A close is a close; the graceful way, GOAWAY and the streams' end first, is the watch's to take.
                .decoupleCloseAndGoAway(true)
                .build();
        Http2ConnectionWatch watch = new Http2ConnectionWatch(listener);
        Http2StreamFrameToHttpObjectCodec conversion = new Http2StreamFrameToHttpObjectCodec(true, false);
        ChannelInitializer<Http2StreamChannel> streams = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                watch.streamOpened(stream);
                stream.pipeline().addLast(conversion);
                runtime.compression().ifPresent(compression -> stream.pipeline().addLast(new ResponseCompressor(compression)));
                stream.pipeline().addLast(new Http2StreamHandler(listener, client, local));
            }
        };
        // HTTP/1's encoder would refuse the codec's first write, its SETTINGS: it leaves before the codec comes.
        ChannelHandler decoder = http1.leaveAllButDecoder();
        // Many streams answer within one turn of the event loop, each with a flush of its own; one write to
        // the socket (and one TLS record) for all of them is what the consolidation is for.
        pipeline.addLast(new FlushConsolidationHandler(FLUSHES_PER_WRITE, true), codec, new Http2MultiplexHandler(streams), watch);
        pipeline.remove(decoder);
        int increment = (int) config.connectionWindowSize().bytes() - DEFAULT_WINDOW;
        if (increment > 0) {
            pipeline.writeAndFlush(new DefaultHttp2WindowUpdateFrame(increment));
        }
    }
}
