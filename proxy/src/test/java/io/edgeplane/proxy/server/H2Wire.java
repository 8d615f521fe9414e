package io.edgeplane.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * An HTTP/2 client at the frame level, over a plain socket with prior knowledge: it writes whatever frames a
 * test asks for, valid or not, and reads the server's frames one by one. For the attacks: a real client
 * library would refuse to send them.
 */
final class H2Wire implements AutoCloseable {

    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8,
            CONTINUATION = 9;

    /** One frame as read: type, flags, stream and payload. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        /** The error code of a RST_STREAM or GOAWAY. */
        long errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xffL) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8)
                    | (payload[at + 3] & 0xff);
        }

        boolean endStream() {
            return (flags & 0x1) != 0;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    /** Collects what the frame writer writes, to send it down the socket. */
    private final EmbeddedChannel sink = new EmbeddedChannel();

    H2Wire(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        send(Http2CodecUtil.connectionPrefaceBuf());
        settings(new Http2Settings());
    }

    /** Where the frame writer writes: the only handler of {@link #sink}, whose outbound queue collects the bytes. */
    private ChannelHandlerContext ctx() {
        if (sink.pipeline().firstContext() == null) {
            sink.pipeline().addLast(new io.netty.channel.ChannelOutboundHandlerAdapter());
        }
        return sink.pipeline().firstContext();
    }

    private void flushSink() throws IOException {
        sink.flush();
        ByteBuf written;
        while ((written = sink.readOutbound()) != null) {
            try {
                send(written.retain());
            } finally {
                written.release();
            }
        }
    }

    private void send(ByteBuf bytes) throws IOException {
        try {
            byte[] array = new byte[bytes.readableBytes()];
            bytes.readBytes(array);
            out.write(array);
            out.flush();
        } finally {
            bytes.release();
        }
    }

    void settings(Http2Settings settings) throws IOException {
        writer.writeSettings(ctx(), settings, sink.newPromise());
        flushSink();
    }

    /** A request's HEADERS on {@code stream}; with {@code endStream}, a request without body. */
    void headers(int stream, Http2Headers headers, boolean endStream) throws IOException {
        writer.writeHeaders(ctx(), stream, headers, 0, endStream, sink.newPromise());
        flushSink();
    }

    static Http2Headers get(String path) {
        return request("GET", path);
    }

    static Http2Headers request(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("h2.test");
    }

    void data(int stream, byte[] bytes, boolean endStream) throws IOException {
        writer.writeData(ctx(), stream, Unpooled.wrappedBuffer(bytes), 0, endStream, sink.newPromise());
        flushSink();
    }

    void reset(int stream, Http2Error error) throws IOException {
        writer.writeRstStream(ctx(), stream, error.code(), sink.newPromise());
        flushSink();
    }

    void windowUpdate(int stream, int increment) throws IOException {
        // The writer refuses an increment of 0; the wire takes it.
        ByteBuf frame = ByteBufAllocator.DEFAULT.buffer(13);
        frame.writeMedium(4).writeByte(WINDOW_UPDATE).writeByte(0).writeInt(stream).writeInt(increment);
        send(frame);
    }

    /** A raw frame: for CONTINUATION floods and other frames the writer will not write. */
    void raw(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuf frame = ByteBufAllocator.DEFAULT.buffer(9 + payload.length);
        frame.writeMedium(payload.length).writeByte(type).writeByte(flags).writeInt(stream).writeBytes(payload);
        send(frame);
    }

    /** The header block of {@code headers}, HPACK-encoded with a fresh encoder (no dynamic table entries). */
    static byte[] encode(Http2Headers headers) throws Exception {
        ByteBuf block = Unpooled.buffer();
        new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder().encodeHeaders(1, headers, block);
        byte[] bytes = new byte[block.readableBytes()];
        block.readBytes(bytes);
        return bytes;
    }

    /** The next frame, or null when the server closed the connection (or reset it). */
    Frame read() throws IOException {
        try {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(type, flags, stream, payload);
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    /** Reads until a frame of {@code type} (on {@code stream}, or any stream if negative); null if the connection ended first. */
    Frame awaitFrame(int type, int stream, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame;
            try {
                frame = read();
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (frame == null) {
                return null;
            }
            if (frame.type() == type && (stream < 0 || frame.stream() == stream)) {
                return frame;
            }
        }
        return null;
    }

    /** Whether the server closed the connection within {@code within}, reading and dropping whatever comes before. */
    boolean closedWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            while (System.nanoTime() < deadline) {
                if (read() == null) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        sink.finishAndReleaseAll();
        socket.close();
    }
}
