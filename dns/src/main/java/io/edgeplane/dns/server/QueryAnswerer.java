package io.edgeplane.dns.server;

import io.edgeplane.dns.cache.CachedAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From one message to its answer, for UDP and TCP alike: decode, rate-limit, check the client, decide, then
 * write within the transport's limit and count; or, for a name the upstreams answer, take the answer from the
 * cache or forward the query and write the answer when it comes. Nothing thrown escapes: a bug in answering
 * one query must not take the socket's handler down.
 */
final class QueryAnswerer {

    private static final Logger log = LoggerFactory.getLogger(QueryAnswerer.class);

    /** The most a TCP answer can be: its length field is 16 bits. */
    static final int TCP_LIMIT = 65535;
    private static final int HEADER = 12;

    private final Supplier<DnsRuntime> runtime;
    private final DnsMeters meters;
    private final LongSupplier nanos;

    /** @param nanos the clock cached TTLs count down on and rate limits refill by, as {@link System#nanoTime()} */
    QueryAnswerer(Supplier<DnsRuntime> runtime, DnsMeters meters, LongSupplier nanos) {
        this.runtime = runtime;
        this.meters = meters;
        this.nanos = nanos;
    }

    /** Answers {@code message} from {@code client} on {@code channel}, now or, when forwarded, later. */
    void answer(ByteBuf message, InetSocketAddress client, boolean tcp, AnswerChannel channel) {
        long start = meters.timeThisQuery() ? System.nanoTime() : 0;
        DnsRuntime now = runtime.get();
        QueryParser parser = channel.parser();
        AnswerBuffer out = channel.buffer();
        switch (parser.parse(message)) {
            case QueryParser.Decoded.NotAQuery notAQuery -> {
                meters.notAQuery();
                channel.unanswerable();
            }
            case QueryParser.Decoded.Malformed malformed -> {
                meters.malformed(tcp);
                if (malformed.id() < 0) {
                    channel.unanswerable();
                    return;
                }
                ResponseWriter.writeBare(malformed.id(), malformed.opcode(), malformed.recursionDesired(),
                        ResponseWriter.RCODE_FORMERR, out);
                channel.send(copy(out, channel.alloc()), client, false);
            }
            case QueryParser.Decoded.Ok ok -> answer(now, ok.query(), parser.message(), client, tcp, channel, start);
        }
    }

    private void answer(DnsRuntime now, Query query, byte[] message, InetSocketAddress client, boolean tcp,
                        AnswerChannel channel, long start) {
        int limit = tcp ? TCP_LIMIT : now.writer().udpLimit(query);
        Responder.Decision decision;
        ResponseRateLimiter limiter = tcp ? null : channel.rateLimiter(now);
        // One clock read for the rate limiter and a cached answer's TTLs: the hit path is a few hundred ns.
        long nowNanos = nanos.getAsLong();
        ResponseRateLimiter.Verdict verdict = limiter == null ? ResponseRateLimiter.Verdict.SEND
                : limiter.check(client.getAddress(), nowNanos);
        if (verdict == ResponseRateLimiter.Verdict.DROP) {
            meters.rateLimited(false);
            return;
        } else if (verdict == ResponseRateLimiter.Verdict.SLIP) {
            // An empty answer with TC set: a real client asks again over TCP, a spoofed victim gets 1:1 bytes.
            meters.rateLimited(true);
            decision = Responder.Decision.SLIPPED;
            limit = 0;
        } else if (!now.access().permits(client.getAddress())) {
            meters.denied();
            decision = Responder.Decision.REFUSED;
        } else {
            decision = decide(now, query);
        }
        if (decision == Responder.Decision.FORWARD) {
            forward(now, query, message, client, limit, channel, start, nowNanos);
            return;
        }
        AnswerBuffer out = channel.buffer();
        if (now.writer().write(query, message, decision.rcode(), decision.flags(), decision.answers(), limit, out)
                && verdict == ResponseRateLimiter.Verdict.SEND) {
            meters.truncated();
        }
        meters.answered(query.type(), decision.rcode(), start);
        channel.send(copy(out, channel.alloc()), client, false);
    }

    private void forward(DnsRuntime now, Query query, byte[] message, InetSocketAddress client, int limit,
                         AnswerChannel channel, long start, long nowNanos) {
        ForwardedAnswers upstreams = now.upstreams();
        CachedAnswer hit = upstreams.cached(query);
        if (hit != null) {
            sendCached(now, query, message, hit, nowNanos, limit, client, channel, start, false);
            return;
        }
        // The parser's buffer is the next query's once this returns: the answer needs its own copy of the question.
        byte[] question = Arrays.copyOf(message, HEADER + query.questionLength());
        upstreams.resolve(query).whenComplete((resolved, failure) -> {
            ForwardedAnswers.Resolved outcome = failure == null ? resolved
                    : new ForwardedAnswers.Resolved.Failed(ResponseWriter.RCODE_SERVFAIL);
            try {
                channel.executor().execute(() -> deliver(now, query, question, outcome, limit, client, channel, start));
            } catch (RejectedExecutionException e) {
                // The server is stopping: the client asks again elsewhere.
            }
        });
    }

    /** On the channel's loop: the forwarded query's outcome, written back to its client. */
    private void deliver(DnsRuntime now, Query query, byte[] question, ForwardedAnswers.Resolved outcome, int limit,
                         InetSocketAddress client, AnswerChannel channel, long start) {
        try {
            switch (outcome) {
                case ForwardedAnswers.Resolved.Answer answer ->
                        sendCached(now, query, question, answer.answer(), nanos.getAsLong(), limit, client, channel,
                                start, true);
                case ForwardedAnswers.Resolved.Failed failed -> {
                    AnswerBuffer out = channel.buffer();
                    now.writer().write(query, question, failed.rcode(), ResponseWriter.Flags.NONE, List.of(), limit, out);
                    meters.answered(query.type(), failed.rcode(), start);
                    channel.send(copy(out, channel.alloc()), client, true);
                }
            }
        } catch (RuntimeException e) {
            // A bug in writing one answer, not the client's doing: that client retries, the server serves on.
            log.warn("dns: writing the forwarded answer for {} failed", query.canonical(), e);
        }
    }

    private void sendCached(DnsRuntime now, Query query, byte[] message, CachedAnswer answer, long nowNanos, int limit,
                            InetSocketAddress client, AnswerChannel channel, long start, boolean flush) {
        AnswerBuffer out = channel.buffer();
        if (now.writer().writeCached(query, message, answer, nowNanos, limit, out)) {
            meters.truncated();
        }
        meters.answered(query.type(), answer.rcode(), start);
        channel.send(copy(out, channel.alloc()), client, flush);
    }

    private static ByteBuf copy(AnswerBuffer answer, ByteBufAllocator alloc) {
        ByteBuf out = alloc.directBuffer(answer.length());
        out.writeBytes(answer.data(), 0, answer.length());
        return out;
    }

    private static Responder.Decision decide(DnsRuntime now, Query query) {
        try {
            return now.responder().answer(query);
        } catch (RuntimeException e) {
            // A bug, not the client's doing: SERVFAIL for this query, and the server goes on.
            return new Responder.Decision(ResponseWriter.RCODE_SERVFAIL, ResponseWriter.Flags.NONE, List.of());
        }
    }
}
