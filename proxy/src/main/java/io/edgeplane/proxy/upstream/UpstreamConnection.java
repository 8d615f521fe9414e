package io.edgeplane.proxy.upstream;

import io.edgeplane.core.transport.LazyDeadline;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One connection to an upstream server, and the last handler of its pipeline. While leased it passes
 * everything to its {@link ResponseListener}; while idle in a {@link ConnectionCache} it only notices that
 * the server closed it.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final UpstreamServer server;
    private final ConnectionCache cache;
    /** The address connected to: one of the server's addresses when the connection was made. */
    private final InetSocketAddress remote;
    /** The server's address set that {@code remote} was last seen in (see {@link #stillServedBy}). */
    private InetSocketAddress[] addressSet;
    private Channel channel;
    private ResponseListener listener;
    private int requests;
    private long idleSinceNanos;
    /** When the response head is due, while one is awaited. */
    private LazyDeadline responseDeadline;
    private final UpstreamResponseDecoder decoder;
    /** How long the server may send nothing (the pool's {@code timeouts.idle}). */
    private final long idleNanos;
    /** When the server's silence becomes too long: moved on every read. */
    private LazyDeadline idleDeadline;

    UpstreamConnection(UpstreamServer server, ConnectionCache cache, InetSocketAddress remote, InetSocketAddress[] addressSet,
                       UpstreamResponseDecoder decoder, long idleNanos) {
        this.server = server;
        this.cache = cache;
        this.remote = remote;
        this.addressSet = addressSet;
        this.decoder = decoder;
        this.idleNanos = idleNanos;
    }

    /** Writes (without flushing) a request head; its answer is read as one to a HEAD if it is one. */
    public void writeRequest(HttpRequest request) {
        decoder.answeringHead(HttpMethod.HEAD.equals(request.method()));
        // No promise to allocate per request: a failed write reaches exceptionCaught, and the exchange hears of it.
        channel.write(request, channel.voidPromise());
    }

    /** Takes the HTTP codec out of the pipeline: the connection carries another protocol from now on. */
    public void removeCodec() {
        idleDeadline.stop();
        channel.pipeline().remove(decoder);
        channel.pipeline().remove(HttpRequestEncoder.class);
    }

    public UpstreamServer server() {
        return server;
    }

    public Channel channel() {
        return channel;
    }

    /** The address this connection went to. */
    public InetSocketAddress remote() {
        return remote;
    }

    /**
     * Whether the server's name still resolves to this connection's address. Called on the connection's
     * loop only, so the remembered set needs no fence; after a change that kept the address the check is
     * one comparison again.
     */
    boolean stillServedBy(ServerAddresses addresses) {
        InetSocketAddress[] now = addresses.snapshot();
        if (now == addressSet) {
            return true;
        }
        if (!ServerAddresses.contains(now, remote)) {
            return false;
        }
        addressSet = now;
        return true;
    }

    /** How many requests this connection has carried, the current one included. */
    public int requests() {
        return requests;
    }

    /** True when it came from the cache, so a failure may mean the server closed it while idle. */
    public boolean reused() {
        return requests > 1;
    }

    void lease(ResponseListener listener) {
        this.listener = listener;
        requests++;
    }

    /** Stops passing events on; the caller returns it to the cache or closes it. */
    public void detach() {
        this.listener = null;
    }

    /** Gives the connection back for the next request on this loop, or closes it if it should not be kept. */
    public void release(boolean reusable) {
        listener = null;
        if (reusable && channel.isActive()) {
            idleSinceNanos = System.nanoTime();
            cache.offer(this);
        } else {
            channel.close();
        }
    }

    /** Starts the response timeout (a deadline moved per request, not a task scheduled per request). */
    public void expectResponseWithin(long nanos) {
        responseDeadline.start(System.nanoTime(), nanos);
    }

    /** The response head came (or is no longer awaited). */
    public void responseArrived() {
        responseDeadline.clear();
    }

    private void responseTimedOut() {
        ResponseListener current = listener;
        if (current != null) {
            current.onResponseTimeout(this);
        }
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
        this.responseDeadline = new LazyDeadline(ctx.executor(), this::responseTimedOut);
        this.idleDeadline = new LazyDeadline(ctx.executor(), this::wentIdle);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        idleDeadline.start(System.nanoTime(), idleNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Replaced by a tunnel: the tunnel keeps its own time.
        idleDeadline.stop();
        responseDeadline.stop();
    }

    /**
     * The server said nothing for {@code timeouts.idle}: an idle pooled connection is not worth keeping; a
     * leased one is the exchange's to judge, and is timed again if it stays open.
     */
    private void wentIdle() {
        if (!channel.isActive()) {
            return;
        }
        ResponseListener current = listener;
        if (current == null) {
            channel.close();
            return;
        }
        current.onIdle(this);
        if (channel.isActive()) {
            idleDeadline.start(System.nanoTime(), idleNanos);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ResponseListener current = listener;
        if (current == null || !(msg instanceof HttpObject object)) {
            // Bytes from an idle connection are a protocol error; it cannot be reused.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        DecoderResult result = object.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(msg);
            detach();
            ctx.close();
            current.onConnectionLost(this, new IOException("malformed response from " + server.address() + ": " + result.cause()));
            return;
        }
        if (msg instanceof HttpResponse response) {
            current.onResponseHead(this, response);
        }
        if (msg instanceof HttpContent content) {
            current.onResponseContent(this, content);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        idleDeadline.start(System.nanoTime(), idleNanos);
        ResponseListener current = listener;
        if (current != null) {
            current.onReadComplete(this);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ResponseListener current = listener;
        if (current != null) {
            current.onWritabilityChanged(this, ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cache.remove(this);
        idleDeadline.stop();
        responseDeadline.stop();
        ResponseListener current = listener;
        if (current != null) {
            listener = null;
            current.onConnectionLost(this, new IOException("connection to " + server.address() + " closed"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ResponseListener current = listener;
        listener = null;
        ctx.close();
        if (current != null) {
            current.onConnectionLost(this, cause);
        }
    }
}
