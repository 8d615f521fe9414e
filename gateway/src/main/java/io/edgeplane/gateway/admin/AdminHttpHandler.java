package io.edgeplane.gateway.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin connection: checks the client's network and credentials on the event loop, then runs the
 * endpoint on the blocking executor and writes the answer back. Requests on one connection are answered
 * in order, even when pipelined.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final Supplier<AdminPolicy> policy;
    private final AdminApi api;
    private final Executor executor;
    private final InFlightRequests inFlight;
    /** The last answer queued on this connection; touched on the event loop only. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    AdminHttpHandler(Supplier<AdminPolicy> policy, AdminApi api, Executor executor, InFlightRequests inFlight) {
        this.policy = policy;
        this.api = api;
        this.executor = executor;
        this.inFlight = inFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!request.decoderResult().isSuccess()) {
            enqueue(ctx, () -> AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), false, false);
            return;
        }
        AdminPolicy current = policy.get();
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        if (!current.admits(client.getAddress())) {
            enqueue(ctx, () -> AdminResponse.text(HttpResponseStatus.FORBIDDEN, "forbidden\n"), false, head);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!AdminApi.PROBES.contains(path) && !current.authenticates(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            enqueue(ctx, () -> AdminResponse.text(HttpResponseStatus.UNAUTHORIZED, "authentication required\n")
                    .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), AdminPolicy.REALM), keepAlive, head);
            return;
        }
        AdminRequest parsed = AdminRequest.parse(request.method(), request.uri(), formBody(request), current.user(),
                client.getAddress().getHostAddress(), request.headers().get(HttpHeaderNames.ORIGIN),
                request.headers().get(HttpHeaderNames.HOST));
        enqueue(ctx, () -> api.handle(parsed), keepAlive, head);
    }

    /** The body of a form post (the stats page's buttons), else null. */
    private static String formBody(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return request.content().toString(StandardCharsets.UTF_8);
    }

    private void enqueue(ChannelHandlerContext ctx, Supplier<AdminResponse> endpoint, boolean keepAlive, boolean head) {
        inFlight.begin();
        tail = tail.thenApplyAsync(ignored -> answer(endpoint), executor)
                .thenAccept(response -> ctx.executor().execute(() -> write(ctx, response, keepAlive, head)))
                .whenComplete((ignored, failure) -> inFlight.end());
    }

    private static AdminResponse answer(Supplier<AdminResponse> endpoint) {
        try {
            return endpoint.get();
        } catch (RuntimeException e) {
            log.error("admin request failed", e);
            return AdminResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n");
        }
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive, boolean head) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
        http.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        response.headers().forEach(http.headers()::set);
        if (!keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var written = ctx.writeAndFlush(http);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
