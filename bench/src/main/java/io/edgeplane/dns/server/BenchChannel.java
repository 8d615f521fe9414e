package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;

/**
 * A UDP channel for benchmarks: the pooled allocator, one parser and answer buffer, the rate limiter a UDP
 * socket keeps, and answers measured and released instead of sent.
 */
final class BenchChannel implements AnswerChannel {

    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer buffer = new AnswerBuffer();
    private ResponseRateLimiter limiter;
    private DnsRuntime limiterFor;
    private int lastAnswerBytes;

    @Override
    public EventExecutor executor() {
        return ImmediateEventExecutor.INSTANCE;
    }

    @Override
    public ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public QueryParser parser() {
        return parser;
    }

    @Override
    public AnswerBuffer buffer() {
        return buffer;
    }

    @Override
    public ResponseRateLimiter rateLimiter(DnsRuntime runtime) {
        if (!runtime.rateLimit().enabled()) {
            return null;
        }
        if (runtime != limiterFor) {
            limiter = new ResponseRateLimiter(runtime.rateLimit(), runtime.rateLimitExempt());
            limiterFor = runtime;
        }
        return limiter;
    }

    @Override
    public void send(ByteBuf answer, InetSocketAddress client, boolean flush) {
        lastAnswerBytes = answer.readableBytes();
        answer.release();
    }

    @Override
    public void unanswerable() {
        lastAnswerBytes = -1;
    }

    /** The size of the last answer sent; -1 after a message that was not a query. */
    int lastAnswerBytes() {
        return lastAnswerBytes;
    }
}
