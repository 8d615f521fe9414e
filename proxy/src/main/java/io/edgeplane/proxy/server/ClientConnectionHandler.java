package io.edgeplane.proxy.server;

import io.edgeplane.core.transport.LazyDeadline;
import io.edgeplane.proxy.action.FixedResponse;
import io.edgeplane.proxy.action.ProxyPass;
import io.edgeplane.proxy.action.Redirect;
import io.edgeplane.proxy.action.RouteAction;
import io.edgeplane.proxy.action.StaticFiles;
import io.edgeplane.proxy.http.ConnectionVariables;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.GuardedRequestDecoder;
import io.edgeplane.proxy.http.HeaderSectionGuard;
import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.http.RequestValidator;
import io.edgeplane.proxy.limit.ClientAddress;
import io.edgeplane.proxy.limit.LimitAction;
import io.edgeplane.proxy.limit.RateLimits;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Requests are handled one at a time, in order: a pipelined request waits, unread,
 * until the answer before it is complete. Reading is switched on and off to follow whoever is slower (the
 * upstream while a body goes up; the client while a response comes down) so no body is ever buffered
 * whole. Lives on the connection's event loop.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter implements HeaderSectionGuard.RequestStartListener {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);

    private final ListenerHandle listener;
    /** Decodes requests behind a guard against folded header lines; this handler checks what comes out of it. */
    private final GuardedRequestDecoder decoder;
    private final HeaderSectionGuard guard;
    private final ClientResponseEncoder encoder = new ClientResponseEncoder();
    private ChannelHandlerContext ctx;
    private Exchange current;
    /** Pipelined messages that arrived while an earlier request was still being answered. */
    private ArrayDeque<HttpObject> held;
    /** The wait for the next request (idle timeout) or the rest of its head (header timeout). */
    private LazyDeadline requestWait;
    /** The runtime the request being handled was routed with; its observer records the answer. */
    private ListenerRuntime requestRuntime;
    /** Bytes of a next request have arrived since the last answer (so a timeout is a 408, not an idle close). */
    private boolean requestStarted;
    /** When the first bytes of the latest request arrived: how long a request refused unread took. */
    private long requestStartNanos;
    private boolean closing;
    /** The service is stopping: the request in progress is finished, then the connection closes. */
    private boolean draining;
    /** The last answer is out and the connection is closing, dropping what the client still sends; or null. */
    private LingeringClose lingering;
    /** The client as rate limits count it; made at its first request that meets a limit. */
    private ClientAddress client;
    /** The connection's ends as requests see them: a PROXY header's when one named them, else the socket's. */
    private InetSocketAddress clientAddress;
    private InetSocketAddress localAddress;

    ClientConnectionHandler(ListenerHandle listener, HttpDecoderConfig decoderConfig) {
        this.listener = listener;
        this.decoder = new GuardedRequestDecoder(decoderConfig, this);
        this.guard = decoder.guard();
    }

    /** The decoder of this connection's requests; it goes first in the pipeline. */
    ChannelHandler requestDecoder() {
        return decoder;
    }

    /** The encoder of this connection's answers; it goes right after the request decoder. */
    ChannelHandler responseEncoder() {
        return encoder;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    ListenerHandle listener() {
        return listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.requestWait = new LazyDeadline(ctx.executor(), this::waitTimedOut);
    }

    /**
     * The client and listener addresses a PROXY header named: they stand for the socket's from now on. Called
     * before {@link #channelActive}, which the {@link ProxyProtocolHandler} holds back until the header is read.
     */
    void proxiedFor(InetSocketAddress client, InetSocketAddress local) {
        this.clientAddress = client;
        this.localAddress = local;
    }

    /** The connection's client for every request purpose; the socket's peer unless a PROXY header said otherwise. */
    private InetSocketAddress clientAddress() {
        return clientAddress != null ? clientAddress : (InetSocketAddress) ctx.channel().remoteAddress();
    }

    private InetSocketAddress localAddress() {
        return localAddress != null ? localAddress : (InetSocketAddress) ctx.channel().localAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ListenerRuntime runtime = listener.runtime();
        InetSocketAddress client = clientAddress();
        if (!runtime.access().permits(client.getAddress())) {
            // Like a firewall drop: no answer to a network the listener does not serve. Not a request, so
            // not in the access log; counted, so a scan from a denied network shows.
            runtime.connections().deniedByAccessList();
            ctx.close();
            return;
        }
        waitForRequest(System.nanoTime(), runtime.limits().headerTimeout().toNanos());
        ctx.fireChannelActive();
    }

    /** Request bytes arrived: if no request is being read, one is starting, and the header timeout applies. */
    @Override
    public void onRequestBytes() {
        if (!requestStarted && current == null) {
            requestStarted = true;
            long now = System.nanoTime();
            requestStartNanos = now;
            waitForRequest(now, listener.runtime().limits().headerTimeout().toNanos());
        }
    }

    /** Starts (or restarts) the wait for a request: the idle or the header timeout. */
    private void waitForRequest(long now, long nanos) {
        requestWait.start(now, nanos);
    }

    /** Stops waiting; the scheduled check, if any, finds nothing to do. */
    private void cancelWaitTimer() {
        requestWait.clear();
    }

    private void waitTimedOut() {
        if (current != null) {
            return;
        }
        if (requestStarted) {
            // Slowloris: bytes came, a whole header section did not.
            respondAndClose(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, "request header timeout\n", null);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!guard.admitDecoded(ctx, msg)) {
            return;
        }
        if (lingering != null) {
            ReferenceCountUtil.release(msg);
            lingering.dataArrived();
            return;
        }
        if (!(msg instanceof HttpObject object) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (hasHeld()) {
            held.add(object);
            drainHeld();
        } else if (current == null) {
            handle(object);
        } else if (!current.requestComplete() && object instanceof HttpContent content) {
            deliver(content);
            return;
        } else {
            hold(object);
        }
        updateReading();
    }

    private boolean hasHeld() {
        return held != null && !held.isEmpty();
    }

    /** Made on the first pipelined request: most connections never pipeline, and each idle one would keep it. */
    private void hold(HttpObject object) {
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(object);
    }

    private void releaseHeld() {
        HttpObject message;
        while (held != null && (message = held.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    /** Hands held messages on, in order, as far as the current exchange allows. */
    private void drainHeld() {
        HttpObject next;
        while (!closing && hasHeld() && (next = held.peek()) != null) {
            if (current == null) {
                held.poll();
                if (next instanceof HttpRequest) {
                    requestStarted = true;
                    requestStartNanos = System.nanoTime();
                }
                handle(next);
            } else if (!current.requestComplete() && next instanceof HttpContent content) {
                held.poll();
                deliver(content);
            } else {
                return;
            }
        }
    }

    /** A piece of the current request's body, unless the decoder found the body broken there. */
    private void deliver(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuseBrokenBody(content);
        } else {
            current.onRequestContent(content);
        }
    }

    /**
     * The decoder could not read on in a chunked body (RFC 9112 §7.1), and says so with a failed last chunk.
     * Passed on, that would end the upstream's request as if whole; so the exchange is abandoned with the
     * upstream request unfinished, and, as the decoder drops everything after, the connection ends: with a
     * 400 if no answer has begun (the exchange answers it, as its route's error), else with a close.
     */
    private void refuseBrokenBody(HttpContent content) {
        log.debug("{}: broken request body from {}: {}", listener.name(), clientAddress(),
                content.decoderResult().cause().toString());
        content.release();
        Exchange exchange = current;
        if (exchange == null) {
            respondAndClose(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    LocalAnswers.statusLine(HttpResponseStatus.BAD_REQUEST), null);
        } else if (exchange.responseStarted()) {
            current = null;
            exchange.onClientClosed();
            closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
        } else {
            // It answers through answerError; with its body unfinished, the connection closes after.
            exchange.onBrokenRequestBody();
        }
    }

    private void handle(HttpObject msg) {
        if (!(msg instanceof HttpRequest request)) {
            if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
                refuseBrokenBody(content);
                return;
            }
            // The rest of a request already refused and answered: nothing to do with it.
            ReferenceCountUtil.release(msg);
            return;
        }
        cancelWaitTimer();
        requestStarted = false;
        // Every answer to this request, a refusal too, goes out before the next request is handled.
        encoder.answeringHead(HttpMethod.HEAD.equals(request.method()));
        ListenerRuntime runtime = listener.runtime();
        requestRuntime = runtime;
        RequestValidator.Rejection rejection = RequestValidator.validate(request);
        if (rejection != null) {
            log.debug("{}: refused request from {}: {}", runtime.name(), clientAddress(), rejection.reason());
            // Logged with its method and target when the decoder read them; never routed, never trusted.
            RequestContext refused = RequestValidator.requestLineRead(request) ? newContext(request, runtime) : null;
            ReferenceCountUtil.release(msg);
            respondAndClose(HttpVersion.HTTP_1_1, rejection.status(), LocalAnswers.statusLine(rejection.status()), refused);
            return;
        }
        long maxBody = runtime.limits().maxBodySize().bytes();
        if (maxBody > 0 && HttpUtil.getContentLength(request, -1L) > maxBody) {
            // Refused before a byte of the body is read, as nginx's client_max_body_size does.
            RequestContext refused = newContext(request, runtime);
            ReferenceCountUtil.release(msg);
            respondAndClose(request.protocolVersion(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "413 Content Too Large\n",
                    refused);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean requestComplete = msg instanceof LastHttpContent;
        RequestContext context = newContext(request, runtime);
        RouteAction action = runtime.routes().lookup(context);
        if (action != null) {
            context.routeIndex(action.routeIndex());
        }
        if (refusedByRateLimit(runtime, context, action, msg, keepAlive, requestComplete)) {
            return;
        }
        if (action instanceof ProxyPass pass) {
            ProxyExchange exchange = new ProxyExchange(this, context, pass, keepAlive, runtime.observer());
            current = exchange;
            if (msg instanceof HttpContent content) {
                exchange.onRequestContent(content);
            }
            exchange.start();
            return;
        }
        // A local answer needs no body; a FullHttpRequest's is released here, a streamed one as it comes.
        ReferenceCountUtil.release(msg);
        switch (action) {
            case null -> writeLocal(context, runtime.answers().error(context, HttpResponseStatus.NOT_FOUND,
                    runtime.answers().listenerEdits()), keepAlive, requestComplete);
            case FixedResponse fixed -> writeLocal(context, runtime.answers().fixed(context, fixed), keepAlive, requestComplete);
            case Redirect redirect -> writeLocal(context, runtime.answers().redirect(context, redirect), keepAlive, requestComplete);
            case StaticFiles files -> serveFile(context, files, keepAlive, requestComplete);
            case ProxyPass pass -> throw new IllegalStateException("handled above");
        }
    }

    /**
     * Counts the request in the rate limits of its listener and route. Over one, it is answered here as that
     * limit says, through the same path as any local answer (error page, response edits, access log):
     * {@code reject} with 429 and {@code Retry-After}; {@code close} by closing without an answer (logged as
     * nginx's 444); {@code tarpit} with 429 and a close after a delay on a timer of this event loop, while the
     * connection reads nothing but the rest of this request's body.
     */
    private boolean refusedByRateLimit(ListenerRuntime runtime, RequestContext context, RouteAction action, HttpObject msg,
                                       boolean keepAlive, boolean requestComplete) {
        RateLimits limits = runtime.rateLimits();
        if (limits.isEmpty()) {
            return false;
        }
        if (client == null) {
            client = ClientAddress.of(context.client().getAddress());
        }
        RateLimits.Refusal refusal = limits.check(context, client, context.routeIndex());
        if (refusal == null) {
            return false;
        }
        ReferenceCountUtil.release(msg);
        HeaderEdits edits = action == null ? runtime.answers().listenerEdits() : action.responseHeaders();
        FullHttpResponse answer = refusal.action() instanceof LimitAction.Close ? null
                : runtime.answers().tooManyRequests(context, refusal.retryAfterSeconds(), edits);
        switch (refusal.action()) {
            case LimitAction.Reject reject -> writeLocal(context, answer, keepAlive, requestComplete);
            case LimitAction.Close close -> {
                context.status(444);
                runtime.observer().observe(context);
                closing = true;
                ctx.close();
            }
            case LimitAction.Tarpit tarpit -> {
                LocalExchange held = new LocalExchange(this, requestComplete, false);
                current = held;
                ctx.executor().schedule(() -> {
                    if (current != held) {
                        answer.release();
                        context.status(499);
                        runtime.observer().observe(context);
                        return;
                    }
                    current = null;
                    writeLocal(context, answer, false, held.requestComplete());
                }, tarpit.delay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return true;
    }

    private RequestContext newContext(HttpRequest request, ListenerRuntime runtime) {
        return new RequestContext(request, clientAddress(), localAddress(), runtime.scheme(), runtime.name(), runtime.nodeName());
    }

    private void serveFile(RequestContext context, StaticFiles files, boolean keepAlive, boolean requestComplete) {
        boolean reuse = keepAlive && !closing && !draining;
        LocalExchange exchange = new LocalExchange(this, requestComplete, reuse);
        current = exchange;
        ListenerRuntime runtime = requestRuntime;
        files.server().serve(ctx, context, files.rewrite().apply(context.path()), reuse, files.responseHeaders(), reusable -> {
            runtime.observer().observe(context);
            if (reusable) {
                exchange.answered();
            } else {
                closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
            }
        });
    }

    private void writeLocal(RequestContext context, FullHttpResponse response, boolean keepAlive, boolean requestComplete) {
        context.status(response.status().code());
        context.addBytesOut(response.content().readableBytes());
        requestRuntime.observer().observe(context);
        boolean reuse = keepAlive && !closing && !draining;
        LocalAnswers.setConnectionHeader(response, context.request().protocolVersion(), reuse);
        LocalExchange exchange = new LocalExchange(this, requestComplete, reuse);
        current = exchange;
        var written = ctx.writeAndFlush(response);
        if (!reuse) {
            closeAfter(written);
            return;
        }
        exchange.answered();
    }

    /**
     * An answer that ends the connection: for requests that cannot be trusted to end where they seem to. It is
     * observed like any answer: with {@code refused}, the request as read, when its request line was read;
     * else as a request without method, target or route.
     */
    private void respondAndClose(HttpVersion version, HttpResponseStatus status, String body, RequestContext refused) {
        closing = true;
        ListenerRuntime runtime = listener.runtime();
        ConnectionVariables connection = new ConnectionVariables(clientAddress(), localAddress(), runtime.scheme(), runtime.name(), runtime.nodeName());
        FullHttpResponse response = runtime.answers().refusal(version, status, body, connection);
        int bytesOut = response.content().readableBytes();
        if (refused != null) {
            refused.status(status.code());
            refused.addBytesOut(bytesOut);
            runtime.observer().observe(refused);
        } else {
            runtime.observer().observeUnread(connection.client(), status.code(), bytesOut,
                    requestStartNanos == 0 ? System.nanoTime() : requestStartNanos);
        }
        closeAfter(ctx.writeAndFlush(response));
    }

    /**
     * The proxy could not get an answer from upstream ({@code 502}, {@code 503}, {@code 504}, or a body over
     * the limit); answer in its place, with the route's response {@code edits}. A request whose body has not
     * all arrived ends the connection: its rest cannot be told apart from the next request.
     */
    void answerError(Exchange exchange, RequestContext context, boolean keepAlive, HttpResponseStatus status,
                     HeaderEdits edits) {
        if (exchange != current) {
            return;
        }
        current = null;
        boolean complete = exchange.requestComplete();
        writeLocal(context, requestRuntime.answers().error(context, status, edits), keepAlive && complete, complete);
        updateReading();
    }

    /** The exchange's answer is complete; go on with the next request, or close. */
    void exchangeDone(Exchange exchange, boolean keepAlive) {
        if (exchange != current) {
            return;
        }
        current = null;
        // Its answer is encoded; a 408 for a request that never arrives whole must carry its body.
        encoder.answeringHead(false);
        if (!keepAlive || closing || draining) {
            closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
            return;
        }
        waitForRequest(System.nanoTime(), listener.runtime().limits().idleTimeout().toNanos());
        drainHeld();
        updateReading();
    }

    /**
     * The upstream agreed to switch protocols (101): from now on this connection carries raw bytes both ways
     * between the client and {@code upstream}, and HTTP is over for both.
     */
    void switchToTunnel(Exchange exchange, Channel upstream) {
        if (exchange != current) {
            upstream.close();
            return;
        }
        current = null;
        cancelWaitTimer();
        releaseHeld();
        var pipeline = ctx.pipeline();
        // Replace this handler first: bytes the decoder still holds go to the tunnel when it is removed.
        pipeline.replace(this, "tunnel", new TunnelHandler(upstream));
        pipeline.remove(decoder);
        pipeline.remove(encoder);
    }

    /** Ends the connection once {@code written}, its last answer, is out, without a reset destroying it. */
    private void closeAfter(ChannelFuture written) {
        closing = true;
        cancelWaitTimer();
        if (lingering == null) {
            lingering = LingeringClose.after(ctx, written);
        }
    }

    /** Reads when the current exchange wants request data, or when idle; otherwise waits. */
    void updateReading() {
        boolean read = lingering != null || !closing && !hasHeld() && (current == null || current.wantsRequestData());
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    /** Sent to every connection when the service stops: idle ones close now, busy ones after their answer. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == DRAIN) {
            draining = true;
            if (current == null) {
                closing = true;
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange exchange = current;
        if (exchange != null) {
            exchange.onClientReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange exchange = current;
        if (exchange != null) {
            exchange.onClientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestWait.stop();
        if (lingering != null) {
            lingering.stop();
        }
        Exchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.onClientClosed();
        }
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: client connection {} failed: {}", listener.name(), clientAddress(), cause.toString());
        ctx.close();
    }
}
