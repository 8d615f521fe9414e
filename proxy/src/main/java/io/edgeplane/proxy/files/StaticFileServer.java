package io.edgeplane.proxy.files;

import io.edgeplane.config.proxy.FilesConfig;
import io.edgeplane.proxy.files.FileRequestResolver.DirectoryWithoutSlash;
import io.edgeplane.proxy.files.FileRequestResolver.Found;
import io.edgeplane.proxy.files.FileRequestResolver.Refusal;
import io.edgeplane.proxy.files.FileRequestResolver.Resolution;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
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
 * by every event loop; it holds no per-request state.
 */
public final class StaticFileServer {

    private static final Logger log = LoggerFactory.getLogger(StaticFileServer.class);

    private static final String ALLOWED = "GET, HEAD";
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

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
     * status and body bytes sent are recorded on {@code request} for the access log and metrics.
     */
    public void serve(ChannelHandlerContext ctx, RequestContext request, String path, boolean keepAlive,
                      Consumer<Boolean> done) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(done, "done");
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("serve is called on the channel's event loop, not " + Thread.currentThread());
        }
        HttpMethod method = request.request().method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, ALLOWED);
            writeText(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, headers, keepAlive, done);
            return;
        }
        try {
            blocking.execute(() -> {
                Resolution resolution = resolver.resolve(path);
                try {
                    ctx.executor().execute(() -> answer(ctx, request, resolution, keepAlive, done));
                } catch (RejectedExecutionException e) {
                    // The event loop is shutting down: nobody is left to answer.
                    if (resolution instanceof Found found) {
                        closeQuietly(found.channel());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            writeText(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, new DefaultHttpHeaders(), keepAlive, done);
        }
    }

    private void answer(ChannelHandlerContext ctx, RequestContext request, Resolution resolution, boolean keepAlive,
                        Consumer<Boolean> done) {
        switch (resolution) {
            case Found found -> answerFile(ctx, request, found, keepAlive, done);
            case DirectoryWithoutSlash _ -> redirectToDirectory(ctx, request, keepAlive, done);
            case Refusal refusal -> writeText(ctx, request, refusal.status, new DefaultHttpHeaders(), keepAlive, done);
        }
    }

    private void answerFile(ChannelHandlerContext ctx, RequestContext request, Found found, boolean keepAlive,
                            Consumer<Boolean> done) {
        FileAnswer answer;
        try {
            answer = FileAnswer.of(request.request(), found.file());
        } catch (RuntimeException e) {
            closeQuietly(found.channel());
            log.warn("cannot answer for {}: {}", request.path(), e.toString());
            writeText(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, new DefaultHttpHeaders(), keepAlive, done);
            return;
        }
        if (!answer.carriesFile()) {
            closeQuietly(found.channel());
            if (answer.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
                write(ctx, request, new DefaultFullHttpResponse(version(request), answer.status(), Unpooled.EMPTY_BUFFER,
                        answer.headers(), new DefaultHttpHeaders()), keepAlive, done);
            } else {
                writeText(ctx, request, answer.status(), answer.headers(), keepAlive, done);
            }
            return;
        }
        HttpResponse head = new DefaultHttpResponse(version(request), answer.status(), answer.headers());
        addGeneralHeaders(head.headers(), request, keepAlive);
        request.status(answer.status().code());
        if (!request.request().method().equals(HttpMethod.HEAD)) {
            request.addBytesOut(answer.length());
        }
        PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
        if (answer.length() > 0) {
            // The body goes out by sendfile, not as HttpContent a compressor could change.
            ctx.channel().attr(io.edgeplane.proxy.http.ResponseCompressor.RAW_BODY).set(Boolean.TRUE);
        }
        combiner.add(ctx.write(head));
        if (answer.length() > 0) {
            // Zero-copy sendfile; the region closes the file when released. Not for TLS (SslHandler takes
            // ByteBufs only): a TLS listener will need ChunkedFile and a ChunkedWriteHandler here.
            combiner.add(ctx.write(new DefaultFileRegion(found.channel(), answer.offset(), answer.length())));
        } else {
            closeQuietly(found.channel());
        }
        combiner.add(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        ChannelPromise written = ctx.newPromise();
        written.addListener(future -> done.accept(keepAlive && future.isSuccess()));
        combiner.finish(written);
    }

    private void redirectToDirectory(ChannelHandlerContext ctx, RequestContext request, boolean keepAlive,
                                     Consumer<Boolean> done) {
        String location = directoryLocation(request.path(), request.query());
        if (location == null) {
            writeText(ctx, request, HttpResponseStatus.NOT_FOUND, new DefaultHttpHeaders(), keepAlive, done);
            return;
        }
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.LOCATION, location)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        write(ctx, request, new DefaultFullHttpResponse(version(request), HttpResponseStatus.MOVED_PERMANENTLY,
                Unpooled.EMPTY_BUFFER, headers, new DefaultHttpHeaders()), keepAlive, done);
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
    private void writeText(ChannelHandlerContext ctx, RequestContext request, HttpResponseStatus status, HttpHeaders headers,
                           boolean keepAlive, Consumer<Boolean> done) {
        byte[] text = (status.code() + " " + status.reasonPhrase() + "\n").getBytes(StandardCharsets.US_ASCII);
        boolean head = request.request().method().equals(HttpMethod.HEAD);
        headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN).set(HttpHeaderNames.CONTENT_LENGTH, text.length);
        write(ctx, request, new DefaultFullHttpResponse(version(request), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text), headers, new DefaultHttpHeaders()),
                keepAlive, done);
    }

    private void write(ChannelHandlerContext ctx, RequestContext request, FullHttpResponse response, boolean keepAlive,
                       Consumer<Boolean> done) {
        addGeneralHeaders(response.headers(), request, keepAlive);
        request.status(response.status().code());
        request.addBytesOut(response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(future -> done.accept(keepAlive && future.isSuccess()));
    }

    private void addGeneralHeaders(HttpHeaders headers, RequestContext request, boolean keepAlive) {
        headers.set(HttpHeaderNames.DATE, DateFormatter.format(new Date(clock.millis())));
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.request().protocolVersion().minorVersion() == 0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static HttpVersion version(RequestContext request) {
        return request.request().protocolVersion().minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a served file failed: {}", e.toString());
        }
    }
}
