package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A channel for answering tests: answers are kept (until {@link #take}), work "later" runs at once. */
final class RecordingChannel implements AnswerChannel {

    private final boolean tcp;
    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer buffer = new AnswerBuffer();
    private final List<ByteBuf> sent = new ArrayList<>();
    private ResponseRateLimiter limiter;
    private DnsRuntime limiterFor;
    private int unanswerable;

    RecordingChannel(boolean tcp) {
        this.tcp = tcp;
    }

    @Override
    public EventExecutor executor() {
        return ImmediateEventExecutor.INSTANCE;
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
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
        if (tcp || !runtime.rateLimit().enabled()) {
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
        sent.add(answer);
        if (sent.size() > 1000) {
            throw new IllegalStateException("a test that never takes its answers");
        }
    }

    @Override
    public void unanswerable() {
        unanswerable++;
    }

    int unanswerableCount() {
        return unanswerable;
    }

    /** The answers sent since the last call, as bytes; the buffers are released. */
    List<byte[]> take() {
        List<byte[]> answers = new ArrayList<>();
        for (ByteBuf answer : sent) {
            byte[] bytes = new byte[answer.readableBytes()];
            answer.getBytes(answer.readerIndex(), bytes);
            answer.release();
            answers.add(bytes);
        }
        sent.clear();
        return answers;
    }
}
