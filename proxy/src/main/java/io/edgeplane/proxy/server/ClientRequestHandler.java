package io.edgeplane.proxy.server;

import io.edgeplane.proxy.action.FixedResponse;
import io.edgeplane.proxy.action.ProxyPass;
import io.edgeplane.proxy.action.Redirect;
import io.edgeplane.proxy.action.RouteAction;
import io.edgeplane.proxy.action.StaticFiles;
import io.edgeplane.proxy.http.ConnectionVariables;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.http.RequestValidator;
import io.edgeplane.proxy.limit.ClientAddress;
import io.edgeplane.proxy.limit.LimitAction;
import io.edgeplane.proxy.limit.RateLimits;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
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
 * Requests arriving on one channel, as {@link HttpObject}s, handled one at a time and in order: each is
 * checked, counted in the rate limits, routed, and then proxied ({@link ProxyExchange}) or answered by the
 * proxy itself ({@link LocalExchange}). The channel is an HTTP/1.x connection ({@link ClientConnectionHandler},
 * which adds pipelining, keep-alive timeouts and lingering close) or one HTTP/2 stream
 * ({@link Http2StreamHandler}, one request). Reading is switched on and off to follow whoever is slower (the
 * upstream while a body goes up; the client while a response comes down) so no body is ever buffered whole.
 * Lives on the channel's event loop.
 */
abstract class ClientRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientRequestHandler.class);

    protected final ListenerHandle listener;
    protected ChannelHandlerContext ctx;
    protected Exchange current;
    /** Pipelined messages that arrived while an earlier request was still being answered. */
    private ArrayDeque<HttpObject> held;
    /** The runtime the request being handled was routed with; its observer records the answer. */
    private ListenerRuntime requestRuntime;
    /** When the first bytes of the latest request arrived: how long a request refused unread took. */
    protected long requestStartNanos;
    protected boolean closing;
    /** The service is stopping: the request in progress is finished, then the channel closes. */
    protected boolean draining;
    /** The client as rate limits count it; made at its first request that meets a limit. */
    private ClientAddress client;

    ClientRequestHandler(ListenerHandle listener) {
        this.listener = listener;
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
    }

    /** The client for every request purpose: the socket's peer unless a PROXY header said otherwise. */
    abstract InetSocketAddress clientAddress();

    abstract InetSocketAddress localAddress();

    /** Whether {@code msg}, just decoded, may be handled; false when the channel refused it (and released it). */
    boolean admitDecoded(ChannelHandlerContext ctx, Object msg) {
        return true;
    }

    /** A request's head is about to be handled: every answer to it, a refusal too, goes out before the next. */
    abstract void startingRequest(HttpRequest request);

    /** The answer to the current request is complete and the channel carries on: wait for the next request. */
    abstract void awaitNextRequest();

    /** Ends the channel once {@code written}, its last answer, is out, without a reset destroying it. */
    abstract void closeAfter(ChannelFuture written);

    /** Flushes what was written; the future is done when it is out. */
    ChannelFuture flushed() {
        // An empty write after everything else: its future tells when all before it has gone.
        return ctx.writeAndFlush(Unpooled.EMPTY_BUFFER);
    }

    /**
     * The upstream agreed to switch protocols (101): from now on this channel carries raw bytes both ways
     * between the client and {@code upstream}, if it can.
     */
    abstract void switchToTunnel(Exchange exchange, Channel upstream);

    /** Whether the channel reads even while closing: to see the client's end during a lingering close. */
    boolean readsWhileClosing() {
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!admitDecoded(ctx, msg)) {
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

    protected void releaseHeld() {
        HttpObject message;
        while (held != null && (message = held.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    /** Hands held messages on, in order, as far as the current exchange allows. */
    protected void drainHeld() {
        HttpObject next;
        while (!closing && hasHeld() && (next = held.peek()) != null) {
            if (current == null) {
                held.poll();
                if (next instanceof HttpRequest) {
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
            closeAfter(flushed());
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
        startingRequest(request);
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
        RequestContext context = new RequestContext(request, clientAddress(), localAddress(), runtime.scheme(), runtime.name(),
                runtime.nodeName());
        String spoken = spokenProtocol();
        if (spoken != null) {
            context.protocol(spoken);
        }
        return context;
    }

    /** The protocol the client speaks, for the access log, where the request's version does not say it; or null. */
    String spokenProtocol() {
        return null;
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
                closeAfter(flushed());
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
     * An answer that ends the channel: for requests that cannot be trusted to end where they seem to. It is
     * observed like any answer: with {@code refused}, the request as read, when its request line was read;
     * else as a request without method, target or route.
     */
    protected void respondAndClose(HttpVersion version, HttpResponseStatus status, String body, RequestContext refused) {
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
        if (!keepAlive || closing || draining) {
            closeAfter(flushed());
            return;
        }
        awaitNextRequest();
        drainHeld();
        updateReading();
    }

    /** Reads when the current exchange wants request data, or when idle; otherwise waits. */
    void updateReading() {
        boolean read = readsWhileClosing() || !closing && !hasHeld() && (current == null || current.wantsRequestData());
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
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
        log.debug("{}: client channel {} failed: {}", listener.name(), clientAddress(), cause.toString());
        ctx.close();
    }
}
