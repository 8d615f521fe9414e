package io.edgeplane.proxy.server;

import io.edgeplane.proxy.action.ProxyPass;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.http.HopByHopHeaders;
import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.http.RequestValidator;
import io.edgeplane.proxy.observe.RequestObserver;
import io.edgeplane.proxy.upstream.ResponseListener;
import io.edgeplane.proxy.upstream.UpstreamConnection;
import io.edgeplane.proxy.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request proxied to an upstream pool: pick a server, lease or open a connection on this event loop,
 * stream the request up and the response down with backpressure both ways, then hand the connection back
 * for the next request. A connect failure, or a lost connection before any answer on a request that is safe
 * to repeat, is retried on another server as far as the pool's {@code retries} allow.
 */
final class ProxyExchange implements Exchange, ResponseListener, UpstreamPool.ConnectCallback {

    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private final ClientRequestHandler connection;
    private final ChannelHandlerContext client;
    private final RequestContext context;
    private final ProxyPass pass;
    private final UpstreamPool pool;
    private final boolean clientKeepAlive;
    private final HttpVersion clientVersion;
    private final boolean idempotent;
    private final RequestObserver observer;
    private final long maxBodySize;
    /** The most request body kept to send again on a retry; a longer body makes the request unrepeatable. */
    private static final int MAX_REPLAY_BYTES = 64 * 1024;

    /**
     * Request body pieces not yet sent (before a connection is ready), or, while the request can still be
     * repeated on another server, copies of what was sent.
     */
    private final List<HttpContent> pending = new ArrayList<>(2);

    private UpstreamServer server;
    private UpstreamConnection upstream;
    private long excluded;
    private int attempts;
    private boolean requestComplete;
    private boolean replayable;
    private long pendingBytes;
    private boolean responseStarted;
    private boolean upstreamReusable;
    private boolean closeClientAfter;
    private boolean finished;
    private HttpResponse response;
    private HttpHeaders headersBeforeEdits;
    /** The client sent no Host: the upstream gets the server's address as one. */
    private boolean addHost;
    /** The last attempt ended in a response timeout: if no server is left to try, the answer is 504. */
    private boolean lastTimedOut;
    /** The protocol the client asked to upgrade to, or null. */
    private String upgrade;

    ProxyExchange(ClientRequestHandler connection, RequestContext context, ProxyPass pass, boolean clientKeepAlive,
                  RequestObserver observer) {
        this.connection = connection;
        this.observer = observer;
        this.maxBodySize = connection.listener().runtime().limits().maxBodySize().bytes();
        this.client = connection.context();
        this.context = context;
        this.pass = pass;
        this.pool = pass.pool();
        this.clientKeepAlive = clientKeepAlive;
        HttpRequest request = context.request();
        this.clientVersion = request.protocolVersion();
        HttpMethod method = request.method();
        this.idempotent = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
                || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.TRACE);
        this.replayable = idempotent && pass.pool().config().retries() > 0;
    }

    /** Rewrites the request head for the upstream once, then sends it to the first server. */
    void start() {
        HttpRequest request = context.request();
        HttpHeaders headers = request.headers();
        // Upgrade and Connection are hop-by-hop, but an upgrade (WebSocket) must reach the upstream to happen.
        upgrade = clientVersion.minorVersion() >= 1 && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                ? headers.get(HttpHeaderNames.UPGRADE) : null;
        HopByHopHeaders.remove(headers);
        RequestValidator.canonicalizeFraming(request);
        // An HTTP/1.0 request may come without Host; it goes on as HTTP/1.1, which needs one (RFC 9112 §3.2).
        addHost = !headers.contains(HttpHeaderNames.HOST);
        if (upgrade != null) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
        connection.listener().runtime().forwarded().apply(headers, context);
        String path = pass.rewrite().apply(context.path());
        request.setUri(context.query() == null ? path : path + "?" + context.query());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        tryNextServer();
    }

    private void tryNextServer() {
        long hash = BalanceKey.of(pool.config(), context);
        server = pool.servers().balancer().pick(hash, excluded);
        if (server == null) {
            fail(attempts == 0 ? HttpResponseStatus.SERVICE_UNAVAILABLE
                            : lastTimedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                    attempts == 0 ? "no server available" : "every server tried failed");
            return;
        }
        if (attempts > 0) {
            pool.meters().retried();
        }
        attempts++;
        excluded |= server.index() < 64 ? 1L << server.index() : 0;
        server.acquire();
        context.upstream(server.addressText(), server.address().host());
        UpstreamConnection idle = pool.leaseIdle(client.channel().eventLoop(), server, this);
        if (idle != null) {
            connected(idle);
        } else {
            pool.connect(client.channel().eventLoop(), server, this, this, context.client(), context.local());
        }
    }

    @Override
    public void connected(UpstreamConnection connection) {
        if (finished) {
            // The client left while we were connecting.
            server.release();
            connection.release(true);
            return;
        }
        upstream = connection;
        HttpRequest request = context.request();
        if (addHost) {
            request.headers().set(HttpHeaderNames.HOST, server.address().toString());
        }
        applyRequestHeaders(request.headers());
        Channel channel = connection.channel();
        context.upstreamSent();
        connection.writeRequest(request);
        if (replayable) {
            for (HttpContent content : pending) {
                channel.write(content.retainedDuplicate(), channel.voidPromise());
            }
        } else {
            // Nothing will be sent twice: the pieces themselves go, and the list lets go of them.
            for (HttpContent content : pending) {
                channel.write(content, channel.voidPromise());
            }
            pending.clear();
            pendingBytes = 0;
        }
        channel.flush();
        if (requestComplete) {
            armResponseTimer();
        }
        this.connection.updateReading();
    }

    /**
     * The route's header edits, which may name the server ({@code $upstream_host}); a retry on another server
     * starts again from the headers as they were, so an {@code add} is not added twice.
     */
    private void applyRequestHeaders(HttpHeaders headers) {
        if (pass.requestHeaders().isEmpty()) {
            return;
        }
        if (headersBeforeEdits == null) {
            if (replayable) {
                headersBeforeEdits = headers.copy();
            }
        } else {
            headers.set(headersBeforeEdits);
        }
        pass.requestHeaders().apply(headers, context);
    }

    @Override
    public void failed(UpstreamServer failedServer, Throwable cause) {
        lastTimedOut = false;
        failedServer.release();
        pool.servers().failed(failedServer, client.channel().eventLoop());
        log.debug("{}: cannot connect to {}: {}", pool.name(), failedServer.address(), cause.toString());
        if (finished) {
            return;
        }
        // A connection that never opened never saw the request: always safe to try another server.
        if (attempts <= pool.config().retries()) {
            tryNextServer();
        } else {
            fail(HttpResponseStatus.BAD_GATEWAY, "cannot connect to " + failedServer.address());
        }
    }

    @Override
    public void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        context.addBytesIn(content.content().readableBytes());
        if (maxBodySize > 0 && context.bytesIn() > maxBodySize && !finished) {
            // A chunked body that outgrew the limit: whatever reached the upstream is abandoned with it.
            content.release();
            abandonUpstream();
            fail(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body over " + maxBodySize + " bytes");
            return;
        }
        if (finished) {
            content.release();
            return;
        }
        if (last) {
            requestComplete = true;
        }
        if (upstream == null) {
            keep(content);
            return;
        }
        Channel channel = upstream.channel();
        if (replayable) {
            keep(content);
            channel.write(content.retainedDuplicate(), channel.voidPromise());
        } else {
            channel.write(content, channel.voidPromise());
        }
        if (last) {
            channel.flush();
            armResponseTimer();
        } else if (!channel.isWritable()) {
            channel.flush();
            connection.updateReading();
        }
    }

    private void keep(HttpContent content) {
        pending.add(content);
        pendingBytes += content.content().readableBytes();
        if (replayable && upstream != null && pendingBytes > MAX_REPLAY_BYTES) {
            // Too much to hold for a retry; everything kept has been sent already.
            replayable = false;
            releasePending();
        }
    }

    private void armResponseTimer() {
        upstream.expectResponseWithin(pool.config().timeouts().response().toNanos());
    }

    private void stopResponseTimer() {
        if (upstream != null) {
            upstream.responseArrived();
        }
    }

    @Override
    public void onResponseTimeout(UpstreamConnection connection) {
        if (connection != upstream || responseStarted || finished) {
            return;
        }
        log.debug("{}: {} did not answer within {}", pool.name(), server.address(), pool.config().timeouts().response());
        UpstreamConnection lost = upstream;
        upstream = null;
        if (lost != null) {
            lost.detach();
            lost.channel().close();
        }
        server.release();
        pool.servers().failed(server, client.channel().eventLoop());
        // As nginx's default proxy_next_upstream (error timeout): a request safe to repeat, and held whole,
        // goes to another server; the answer, if none is left, is still the timeout's 504.
        if (replayable && requestComplete && attempts <= pool.config().retries()) {
            lastTimedOut = true;
            tryNextServer();
        } else {
            fail(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream response timeout");
        }
    }

    @Override
    public boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public boolean requestComplete() {
        return requestComplete;
    }

    @Override
    public boolean wantsRequestData() {
        return !requestComplete && upstream != null && upstream.channel().isWritable();
    }

    @Override
    public void onClientReadComplete() {
        if (upstream != null) {
            upstream.channel().flush();
        }
    }

    @Override
    public void onClientWritabilityChanged(boolean writable) {
        if (upstream != null) {
            upstream.channel().config().setAutoRead(writable);
        }
    }

    @Override
    public void onWritabilityChanged(UpstreamConnection connection, boolean writable) {
        this.connection.updateReading();
    }

    @Override
    public void onResponseHead(UpstreamConnection connection, HttpResponse response) {
        int code = response.status().code();
        if (code == 101) {
            switchProtocols(connection, response);
            return;
        }
        if (code >= 100 && code < 200) {
            // An interim answer (100 Continue): pass it on and keep waiting for the real one.
            HopByHopHeaders.remove(response.headers());
            response.setProtocolVersion(HttpVersion.HTTP_1_1);
            if (clientVersion.minorVersion() >= 1) {
                client.write(response, client.voidPromise());
            }
            return;
        }
        stopResponseTimer();
        responseStarted = true;
        releasePending();
        this.response = response;
        context.upstreamAnswered();
        context.status(code);
        HttpHeaders headers = response.headers();
        boolean upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HopByHopHeaders.remove(headers);
        if (!upstreamKeepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        pass.responseHeaders().apply(headers, context);
        boolean keepAlive = clientKeepAlive;
        if (clientVersion.minorVersion() == 0 && HttpUtil.isTransferEncodingChunked(response)) {
            // An HTTP/1.0 client cannot read chunked framing: send the body as it comes and close to end it.
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            keepAlive = false;
        }
        closeClientAfter = !keepAlive;
        headers.remove(HttpHeaderNames.CONNECTION);
        LocalAnswers.setConnectionHeader(response, clientVersion, keepAlive);
        response.setProtocolVersion(clientVersion.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
        // The upstream's Connection: close concerns our upstream connection only; remember it there.
        upstreamReusable = upstreamKeepAlive;
        client.write(response, client.voidPromise());
    }

    /** 101 Switching Protocols: pass it on, then join the two connections byte for byte. */
    private void switchProtocols(UpstreamConnection connection, HttpResponse response) {
        stopResponseTimer();
        if (upgrade == null) {
            log.debug("{}: {} switched protocols unasked", pool.name(), server.address());
            abandonUpstream();
            fail(HttpResponseStatus.BAD_GATEWAY, "101 without an upgrade request");
            return;
        }
        String protocol = response.headers().get(HttpHeaderNames.UPGRADE, upgrade);
        HopByHopHeaders.remove(response.headers());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        response.headers().set(HttpHeaderNames.UPGRADE, protocol);
        pass.responseHeaders().apply(response.headers(), context);
        responseStarted = true;
        finished = true;
        releasePending();
        context.upstreamAnswered();
        context.status(101);
        observer.observe(context);
        client.writeAndFlush(response);
        upstream = null;
        connection.detach();
        Channel up = connection.channel();
        up.closeFuture().addListener(f -> server.release());
        pool.servers().answered(server, 101, context.bytesIn(), 0, context.upstreamNanos(), client.channel().eventLoop());
        up.pipeline().replace(connection, "tunnel", new TunnelHandler(client.channel()));
        connection.removeCodec();
        // A tunnel the server has said nothing on for timeouts.idle ends, as nginx's proxy_read_timeout ends one.
        up.pipeline().addBefore("tunnel", "idle", new IdleStateHandler(pool.config().timeouts().idle().toNanos(), 0, 0,
                TimeUnit.NANOSECONDS));
        this.connection.switchToTunnel(this, up);
    }

    @Override
    public void onResponseContent(UpstreamConnection connection, HttpContent content) {
        if (!responseStarted) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        context.addBytesOut(content.content().readableBytes());
        client.write(content, client.voidPromise());
        if (last) {
            finish();
        } else if (!client.channel().isWritable()) {
            client.flush();
            if (!client.channel().isWritable() && upstream != null) {
                upstream.channel().config().setAutoRead(false);
            }
        }
    }

    @Override
    public void onReadComplete(UpstreamConnection connection) {
        client.flush();
    }

    @Override
    public void onIdle(UpstreamConnection connection) {
        if (responseStarted) {
            log.debug("{}: {} went quiet mid-response", pool.name(), server.address());
            connection.channel().close();
        }
    }

    @Override
    public void onConnectionLost(UpstreamConnection lost, Throwable cause) {
        if (finished || lost != upstream) {
            return;
        }
        upstream = null;
        server.release();
        pool.servers().failed(server, client.channel().eventLoop());
        log.debug("{}: lost {} ({})", pool.name(), server.address(), cause.toString());
        if (responseStarted) {
            // Part of the answer is out already: the client can only learn of the failure by a close.
            finished = true;
            observer.observe(context);
            client.flush();
            client.close();
            return;
        }
        stopResponseTimer();
        lastTimedOut = false;
        // Only a request that can be sent again whole, and is safe to repeat, goes to another server.
        if (replayable && attempts <= pool.config().retries()) {
            tryNextServer();
        } else {
            fail(HttpResponseStatus.BAD_GATEWAY, "upstream closed the connection");
        }
    }

    private void finish() {
        finished = true;
        stopResponseTimer();
        releasePending();
        server.release();
        pool.servers().answered(server, context.status(), context.bytesIn(), context.bytesOut(), context.upstreamNanos(),
                client.channel().eventLoop());
        UpstreamConnection used = upstream;
        upstream = null;
        if (used != null) {
            used.channel().config().setAutoRead(true);
            boolean reusable = upstreamReusable && requestComplete
                    && used.requests() < pool.config().keepalive().maxRequests();
            used.release(reusable);
        }
        client.flush();
        observer.observe(context);
        connection.exchangeDone(this, !closeClientAfter && requestComplete);
    }

    private void abandonUpstream() {
        stopResponseTimer();
        UpstreamConnection used = upstream;
        upstream = null;
        if (used != null) {
            server.release();
            used.detach();
            used.channel().close();
        }
    }

    private void fail(HttpResponseStatus status, String reason) {
        finished = true;
        releasePending();
        log.debug("{}: {} for {} {}: {}", pool.name(), status.code(), context.method(), context.path(), reason);
        connection.answerError(this, context, clientKeepAlive, status, pass.responseHeaders());
    }

    @Override
    public void onBrokenRequestBody() {
        if (finished || responseStarted) {
            return;
        }
        // What reached the upstream is an unfinished request; it must not be completed by anything else.
        abandonUpstream();
        fail(HttpResponseStatus.BAD_REQUEST, "broken request body");
    }

    private void releasePending() {
        for (HttpContent content : pending) {
            content.release();
        }
        pending.clear();
        pendingBytes = 0;
    }

    @Override
    public void onClientClosed() {
        if (finished) {
            return;
        }
        finished = true;
        stopResponseTimer();
        releasePending();
        if (!responseStarted) {
            context.status(499);
        }
        observer.observe(context);
        UpstreamConnection used = upstream;
        upstream = null;
        if (used != null) {
            // Mid-exchange: the connection's state is unknown, so it cannot serve another request.
            server.release();
            used.detach();
            used.channel().close();
        }
    }

    /** For the access log and tests: the response head as sent, once there is one. */
    HttpResponse response() {
        return response;
    }
}
