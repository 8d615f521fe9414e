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
     * @return the answer, or null for none; the caller sends and releases it
     */
    ByteBuf answer(ByteBuf message, InetAddress client, boolean tcp, QueryParser parser, ByteBufAllocator alloc) {
        long start = System.nanoTime();
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
                ByteBuf out = alloc.buffer(12);
                ResponseWriter.writeBare(malformed.id(), malformed.opcode(), malformed.recursionDesired(),
                        ResponseWriter.RCODE_FORMERR, out);
                return out;
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
                ByteBuf out = alloc.buffer(512);
                int limit = tcp ? TCP_LIMIT : now.writer().udpLimit(query);
                if (now.writer().write(query, message, decision.rcode(), decision.flags(), decision.answers(), limit, out)) {
                    meters.truncated();
                }
                meters.answered(query.type(), decision.rcode(), start);
                return out;
            }
        }
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
