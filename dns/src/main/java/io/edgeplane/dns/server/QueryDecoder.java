package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a query off the wire with Netty's DNS codec, and never throws: what the codec cannot read is a
 * {@link Decoded.Malformed} that still knows the query's ID when the 12-byte header was there, so the answer
 * can be FORMERR (RFC 1035 §4.1.1) rather than silence. A message with QR set (a response sent to a server)
 * is {@link Decoded.NotAQuery}: answering it would make two servers bounce packets off each other.
 */
final class QueryDecoder {

    // One per channel (its list is reused): a UDP socket and a TCP connection each read on one event loop.

    /** What came of a packet. */
    sealed interface Decoded {
        record Ok(Query query) implements Decoded {
        }

        /** Not decodable; {@code id} is -1 when not even the header was complete. */
        record Malformed(int id, int opcode, boolean recursionDesired) implements Decoded {
        }

        record NotAQuery() implements Decoded {
        }
    }

    private static final int HEADER = 12;
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(0);
    private static final Decoded NOT_A_QUERY = new Decoded.NotAQuery();

    private final Netty netty = new Netty();

    /** Decodes {@code message} (a UDP payload or a TCP frame without its length); does not release it. */
    Decoded decode(ByteBuf message) {
        int start = message.readerIndex();
        if (message.readableBytes() >= HEADER && (message.getByte(start + 2) & 0x80) != 0) {
            return NOT_A_QUERY;
        }
        DatagramDnsQuery query;
        try {
            query = netty.decodeOne(message.retainedDuplicate());
        } catch (Exception | StackOverflowError e) {
            return malformed(message, start);
        }
        try {
            return new Decoded.Ok(summarise(query));
        } catch (RuntimeException e) {
            return malformed(message, start);
        } finally {
            query.release();
        }
    }

    private static Decoded malformed(ByteBuf message, int start) {
        if (message.readableBytes() < HEADER) {
            return new Decoded.Malformed(-1, 0, false);
        }
        int flags = message.getUnsignedShort(start + 2);
        return new Decoded.Malformed(message.getUnsignedShort(start), (flags >> 11) & 0xF, (flags & 0x0100) != 0);
    }

    private static Query summarise(DatagramDnsQuery query) {
        int questions = query.count(DnsSection.QUESTION);
        String name = "";
        DnsRecordType type = DnsRecordType.A;
        int qclass = 1;
        if (questions > 0) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION, 0);
            name = withoutDot(question.name());
            type = question.type();
            qclass = question.dnsClass();
        }
        Query.Edns edns = Query.Edns.NONE;
        int additionals = query.count(DnsSection.ADDITIONAL);
        for (int i = 0; i < additionals; i++) {
            DnsRecord record = query.recordAt(DnsSection.ADDITIONAL, i);
            if (record.type() == DnsRecordType.OPT) {
                // OPT's class is the payload size; its TTL packs the extended RCODE, the version and the DO bit.
                long ttl = record.timeToLive();
                edns = new Query.Edns(true, Math.max(512, record.dnsClass() & 0xFFFF), (int) ((ttl >> 16) & 0xFF),
                        (ttl & 0x8000) != 0);
                break;
            }
        }
        return new Query(query.id(), query.opCode().byteValue() & 0xF, query.isRecursionDesired(),
                (query.z() & 0x1) != 0, name, name.toLowerCase(Locale.ROOT), type, qclass, questions, edns);
    }

    private static String withoutDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Netty's datagram decoder, called directly: it needs no channel, only the packet. */
    private static final class Netty extends DatagramDnsQueryDecoder {
        private final List<Object> out = new ArrayList<>(1);

        DatagramDnsQuery decodeOne(ByteBuf content) throws Exception {
            DatagramPacket packet = new DatagramPacket(content, NOWHERE, NOWHERE);
            try {
                out.clear();
                decode(null, packet, out);
                return (DatagramDnsQuery) out.getFirst();
            } finally {
                packet.release();
                out.clear();
            }
        }
    }
}
