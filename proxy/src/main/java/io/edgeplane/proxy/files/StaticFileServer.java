package io.edgeplane.proxy.files;

import io.edgeplane.config.proxy.FilesConfig;
import io.edgeplane.proxy.files.FileRequestResolver.DirectoryWithoutSlash;
import io.edgeplane.proxy.files.FileRequestResolver.Found;
import io.edgeplane.proxy.files.FileRequestResolver.Refusal;
import io.edgeplane.proxy.files.FileRequestResolver.Resolution;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.PromiseCombiner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code files} route: answers GET and HEAD from a directory as nginx's {@code root}/{@code index} do.
 * The file system is touched only on the blocking executor; the answer is written on the event loop, the
 * body with {@link DefaultFileRegion} (sendfile, no copy through the heap). One instance per route, shared
 * by every event loop; it holds no per-request state. Through TLS or on an HTTP/2 stream, where sendfile
 * cannot reach, the file is read in pieces as the client takes them.
 */
public final class StaticFileServer {

    private static final Logger log = LoggerFactory.getLogger(StaticFileServer.class);

    private static final String ALLOWED = "GET, HEAD";
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    /** How much of a file is read at a time where it cannot go by sendfile: TLS's largest record. */
    private static final int FILE_PIECE = 16 * 1024;

    private final FileRequestResolver resolver;
    private final Executor blocking;
    private final Clock clock;

    public StaticFileServer(FilesConfig config, Executor blocking, Clock clock) {
        Objects.requireNonNull(config, "config");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resolver = new FileRequestResolver(Path.of(config.root()), config.index());
    }

    /**
     * Answers one GET or HEAD request for {@code path} (already stripped or rewritten by the caller; raw,
     * percent-encoded) on {@code ctx}'s channel. Must be called on ctx's event loop; resolves, stats and
     * opens on the blocking executor, then writes on the event loop. Calls {@code done} on the event loop
     * exactly once, when the whole response is written ({@code true} if {@code keepAlive} and nothing
     * failed) or its write failed ({@code false}). It never closes the channel: on {@code false} the caller
     * does. A directory's redirect is built from the client's own path ({@link RequestContext#path()}). The
     * status and body bytes sent are recorded on {@code request} for the access log and metrics. Every
     * answer, the file itself, 304, 206, a redirect or an error alike, gets the route's response
     * {@code edits} before edgeplane sets {@code Connection}.
     */
    public void serve(ChannelHandlerContext ctx, RequestContext request, String path, boolean keepAlive,
                      HeaderEdits edits, Consumer<Boolean> done) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(edits, "edits");
        Objects.requireNonNull(done, "done");
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("serve is called on the channel's event loop, not " + Thread.currentThread());
        }
        Reply reply = new Reply(ctx, request, keepAlive, edits, done);
        HttpMethod method = request.request().method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, ALLOWED);
            writeText(reply, HttpResponseStatus.METHOD_NOT_ALLOWED, headers);
            return;
        }
        try {
            blocking.execute(() -> {
                Resolution resolution = resolver.resolve(path);
                try {
                    ctx.executor().execute(() -> answer(reply, resolution));
                } catch (RejectedExecutionException e) {
                    // The event loop is shutting down: nobody is left to answer.
                    if (resolution instanceof Found found) {
                        closeQuietly(found.channel());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            writeText(reply, HttpResponseStatus.SERVICE_UNAVAILABLE, new DefaultHttpHeaders());
        }
    }

    /** Where and how one request is answered: its channel, its request, keep-alive, the route's edits, the callback. */
    private record Reply(ChannelHandlerContext ctx, RequestContext request, boolean keepAlive, HeaderEdits edits,
                         Consumer<Boolean> done) {
    }

    private void answer(Reply reply, Resolution resolution) {
        switch (resolution) {
            case Found found -> answerFile(reply, found);
            case DirectoryWithoutSlash _ -> redirectToDirectory(reply);
            case Refusal refusal -> writeText(reply, refusal.status, new DefaultHttpHeaders());
        }
    }

    private void answerFile(Reply reply, Found found) {
        RequestContext request = reply.request();
        ChannelHandlerContext ctx = reply.ctx();
        FileAnswer answer;
        try {
            answer = FileAnswer.of(request.request(), found.file());
        } catch (RuntimeException e) {
            closeQuietly(found.channel());
            log.warn("cannot answer for {}: {}", request.path(), e.toString());
            writeText(reply, HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders());
            return;
        }
        if (!answer.carriesFile()) {
            closeQuietly(found.channel());
            if (answer.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
                write(reply, new DefaultFullHttpResponse(version(request), answer.status(), Unpooled.EMPTY_BUFFER,
                        answer.headers(), new DefaultHttpHeaders()));
            } else {
                writeText(reply, answer.status(), answer.headers());
            }
            return;
        }
        HttpResponse head = new DefaultHttpResponse(version(request), answer.status(), answer.headers());
        addGeneralHeaders(reply, head.headers());
        request.status(answer.status().code());
        if (!request.request().method().equals(HttpMethod.HEAD)) {
            request.addBytesOut(answer.length());
        }
        PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
        boolean body = answer.length() > 0 && !request.request().method().equals(HttpMethod.HEAD);
        if (answer.length() > 0) {
            // The body goes out as file pieces, not as HttpContent a compressor could change (nor does a HEAD's).
            ctx.channel().attr(io.edgeplane.proxy.http.ResponseCompressor.RAW_BODY).set(Boolean.TRUE);
        }
        combiner.add(ctx.write(head));
        if (!body) {
            closeQuietly(found.channel());
            combiner.add(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        } else if (canSendFile(ctx)) {
            // Zero-copy sendfile; the region closes the file when released.
            combiner.add(ctx.write(new DefaultFileRegion(found.channel(), answer.offset(), answer.length())));
            combiner.add(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        } else {
            // Through TLS or on an HTTP/2 stream the bytes must pass through the JVM: read in pieces as the
            // channel takes them (never the whole file in memory); the input closes the file at its end.
            if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
                ctx.pipeline().addBefore(ctx.name(), "chunked-writer", new ChunkedWriteHandler());
            }
            try {
                combiner.add(ctx.writeAndFlush(new HttpChunkedInput(
                        new ChunkedNioFile(found.channel(), answer.offset(), answer.length(), FILE_PIECE))));
            } catch (IOException e) {
                closeQuietly(found.channel());
                combiner.add(ctx.newFailedFuture(e));
            }
        }
        ChannelPromise written = ctx.newPromise();
        written.addListener(future -> reply.done().accept(reply.keepAlive() && future.isSuccess()));
        combiner.finish(written);
    }

    private void redirectToDirectory(Reply reply) {
        RequestContext request = reply.request();
        String location = directoryLocation(request.path(), request.query());
        if (location == null) {
            writeText(reply, HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders());
            return;
        }
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.LOCATION, location)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        write(reply, new DefaultFullHttpResponse(version(request), HttpResponseStatus.MOVED_PERMANENTLY,
                Unpooled.EMPTY_BUFFER, headers, new DefaultHttpHeaders()));
    }

    /**
     * Where a directory named without its '/' is: the client's path with a '/' added and the query kept, or
     * null if the client's path already ends with '/' (a rewrite dropped it; redirecting would loop). Leading
     * slashes collapse to one so that {@code //evil.example/dir} cannot become a protocol-relative redirect
     * to another host.
     */
    static String directoryLocation(String clientPath, String query) {
        if (clientPath.isEmpty() || clientPath.endsWith("/")) {
            return null;
        }
        int start = 0;
        while (start < clientPath.length() && clientPath.charAt(start) == '/') {
            start++;
        }
        StringBuilder location = new StringBuilder(clientPath.length() + 2 + (query == null ? 0 : query.length() + 1))
                .append('/').append(clientPath, start, clientPath.length()).append('/');
        if (query != null) {
            location.append('?').append(query);
        }
        return location.toString();
    }

    /** A response whose body is a line of text naming the status (none for HEAD, same Content-Length). */
    private void writeText(Reply reply, HttpResponseStatus status, HttpHeaders headers) {
        byte[] text = (status.code() + " " + status.reasonPhrase() + "\n").getBytes(StandardCharsets.US_ASCII);
        boolean head = reply.request().request().method().equals(HttpMethod.HEAD);
        headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN).set(HttpHeaderNames.CONTENT_LENGTH, text.length);
        write(reply, new DefaultFullHttpResponse(version(reply.request()), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text), headers, new DefaultHttpHeaders()));
    }

    private void write(Reply reply, FullHttpResponse response) {
        addGeneralHeaders(reply, response.headers());
        reply.request().status(response.status().code());
        reply.request().addBytesOut(response.content().readableBytes());
        reply.ctx().writeAndFlush(response).addListener(future -> reply.done().accept(reply.keepAlive() && future.isSuccess()));
    }

    /** Date, the route's edits (which may replace it, or any header but the framing ones), then Connection. */
    private void addGeneralHeaders(Reply reply, HttpHeaders headers) {
        headers.set(HttpHeaderNames.DATE, DateFormatter.format(new Date(clock.millis())));
        reply.edits().apply(headers, reply.request());
        if (!reply.keepAlive()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (reply.request().request().protocolVersion().minorVersion() == 0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static HttpVersion version(RequestContext request) {
        return request.request().protocolVersion().minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    /** Whether the file can go by sendfile: straight onto a socket, with no TLS or HTTP/2 framing to pass. */
    private static boolean canSendFile(ChannelHandlerContext ctx) {
        return ctx.channel() instanceof SocketChannel && ctx.pipeline().get(SslHandler.class) == null;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a served file failed: {}", e.toString());
        }
    }
}
