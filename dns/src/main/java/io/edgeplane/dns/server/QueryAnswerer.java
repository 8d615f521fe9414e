package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * From one message to its answer, for UDP and TCP alike: decode, check the client, decide, write within the
 * transport's limit, count. Returns null for what gets no answer (a packet without even a header, a response
 * sent to us). Nothing thrown escapes: a bug in answering one query must not take the socket's handler down.
 */
final class QueryAnswerer {

    /** The most a TCP answer can be: its length field is 16 bits. */
    static final int TCP_LIMIT = 65535;

    private final Supplier<DnsRuntime> runtime;
    private final DnsMeters meters;

    QueryAnswerer(Supplier<DnsRuntime> runtime, DnsMeters meters) {
        this.runtime = runtime;
        this.meters = meters;
    }

    /**
     * @param parser the reading channel's own parser
     * @param out    the reading channel's own answer buffer
     * @return the answer, or null for none; the caller sends and releases it
     */
    ByteBuf answer(ByteBuf message, InetAddress client, boolean tcp, QueryParser parser, AnswerBuffer out,
                   ByteBufAllocator alloc) {
        long start = meters.timeThisQuery() ? System.nanoTime() : 0;
        DnsRuntime now = runtime.get();
        QueryParser.Decoded decoded = parser.parse(message);
        switch (decoded) {
            case QueryParser.Decoded.NotAQuery notAQuery -> {
                meters.notAQuery();
                return null;
            }
            case QueryParser.Decoded.Malformed malformed -> {
                meters.malformed(tcp);
                if (malformed.id() < 0) {
                    return null;
                }
                ResponseWriter.writeBare(malformed.id(), malformed.opcode(), malformed.recursionDesired(),
                        ResponseWriter.RCODE_FORMERR, out);
                return copy(out, alloc);
            }
            case QueryParser.Decoded.Ok ok -> {
                Query query = ok.query();
                Responder.Decision decision;
                if (!now.access().permits(client)) {
                    meters.denied();
                    decision = Responder.Decision.REFUSED;
                } else {
                    decision = decide(now, query);
                }
                int limit = tcp ? TCP_LIMIT : now.writer().udpLimit(query);
                if (now.writer().write(query, parser.message(), decision.rcode(), decision.flags(), decision.answers(),
                        limit, out)) {
                    meters.truncated();
                }
                meters.answered(query.type(), decision.rcode(), start);
                return copy(out, alloc);
            }
        }
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
