package io.edgeplane.dns.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves a {@link CachedAnswer} as the server does (a header, the client's question, then
 * {@link CachedAnswer#writeBody}) and reads the message back with Netty's decoder, so what is checked is what
 * a client would see: names with every pointer resolved, TTLs, and RDATA in presentation form
 * ({@code "www.example 300 IN A 192.0.2.1"}).
 */
final class Served implements AutoCloseable {

    /** A decoded message: the RCODE, the question ({@code "name TYPE"}) and each section's records. */
    record Message(int rcode, String question, List<String> answers, List<String> authority) {
    }

    private static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);

    private final EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder());

    /** The message a client asking {@code qname} (case as it asked) / {@code qtype} gets at {@code nowNanos}. */
    static byte[] message(CachedAnswer answer, String qname, int qtype, long nowNanos) {
        byte[] name = ReplyBuilder.wireName(qname);
        int bodyAt = 12 + name.length + 4;
        byte[] out = new byte[bodyAt + answer.bodyLength()];
        put16(out, 0, 0x4242);
        put16(out, 2, ReplyBuilder.REPLY_FLAGS | answer.rcode());
        put16(out, 4, 1);
        put16(out, 6, answer.answerCount());
        put16(out, 8, answer.authorityCount());
        System.arraycopy(name, 0, out, 12, name.length);
        put16(out, 12 + name.length, qtype);
        put16(out, 14 + name.length, ReplyBuilder.IN);
        int end = answer.writeBody(out, bodyAt, nowNanos);
        if (end != out.length) {
            throw new AssertionError("writeBody ended at " + end + ", bodyLength says " + out.length);
        }
        return out;
    }

    /** Serves {@code answer} and decodes it, in one go. */
    static Message serve(CachedAnswer answer, String qname, int qtype, long nowNanos) {
        try (Served served = new Served()) {
            return served.decode(message(answer, qname, qtype, nowNanos));
        }
    }

    /** Decodes {@code message} with Netty; throws whatever Netty or the RDATA reading throws. */
    Message decode(byte[] message) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(message), PEER, PEER));
        DatagramDnsResponse response = channel.readInbound();
        if (response == null) {
            throw new AssertionError("Netty decoded nothing");
        }
        try {
            DnsRecord question = response.recordAt(DnsSection.QUESTION);
            return new Message(response.code().intValue(),
                    bare(question.name()) + " " + typeName(question.type().intValue()),
                    section(response, DnsSection.ANSWER), section(response, DnsSection.AUTHORITY));
        } finally {
            response.release();
        }
    }

    /**
     * Decodes {@code message} with Netty (which decompresses the names of NS, CNAME, MX and PTR RDATA itself) and
     * returns how many answer and authority records it read: the cheap check for running many times.
     */
    int[] decodeCounts(byte[] message) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(message), PEER, PEER));
        DatagramDnsResponse response = channel.readInbound();
        if (response == null) {
            throw new AssertionError("Netty decoded nothing");
        }
        try {
            return new int[] {response.count(DnsSection.ANSWER), response.count(DnsSection.AUTHORITY)};
        } finally {
            response.release();
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    private static List<String> section(DatagramDnsResponse response, DnsSection section) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < response.count(section); i++) {
            records.add(text(response.recordAt(section, i)));
        }
        return records;
    }

    private static String text(DnsRecord record) {
        int type = record.type().intValue();
        String rdata;
        if (record instanceof DnsPtrRecord ptr) {
            rdata = bare(ptr.hostname());
        } else {
            // The content of a raw record shares the message's indices, so pointers in it resolve.
            ByteBuf content = ((DnsRawRecord) record).content().duplicate();
            rdata = rdata(type, content);
            if (content.isReadable()) {
                throw new IllegalStateException("type " + type + " RDATA has " + content.readableBytes() + " bytes too many");
            }
        }
        return bare(record.name()) + " " + record.timeToLive() + " " + className(record.dnsClass()) + " "
                + typeName(type) + " " + rdata;
    }

    private static String rdata(int type, ByteBuf in) {
        return switch (type) {
            case ReplyBuilder.A -> address(in, 4);
            case ReplyBuilder.AAAA -> address(in, 16);
            case ReplyBuilder.NS, ReplyBuilder.CNAME, ReplyBuilder.PTR, ReplyBuilder.DNAME -> name(in);
            case ReplyBuilder.MX -> in.readUnsignedShort() + " " + name(in);
            case ReplyBuilder.SRV -> in.readUnsignedShort() + " " + in.readUnsignedShort() + " " + in.readUnsignedShort()
                    + " " + name(in);
            case ReplyBuilder.SOA -> name(in) + " " + name(in) + " " + in.readUnsignedInt() + " " + in.readUnsignedInt()
                    + " " + in.readUnsignedInt() + " " + in.readUnsignedInt() + " " + in.readUnsignedInt();
            case ReplyBuilder.RP -> name(in) + " " + name(in);
            default -> {
                String hex = "\\# " + in.readableBytes() + " " + ByteBufUtil.hexDump(in);
                in.skipBytes(in.readableBytes());
                yield hex;
            }
        };
    }

    private static String name(ByteBuf in) {
        return bare(DefaultDnsRecordDecoder.decodeName(in));
    }

    /** An address, or RFC 3597's form for RDATA of the wrong length (kept by the digest as it came). */
    private static String address(ByteBuf in, int length) {
        if (in.readableBytes() != length) {
            String hex = "\\# " + in.readableBytes() + " " + ByteBufUtil.hexDump(in);
            in.skipBytes(in.readableBytes());
            return hex;
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "www.example." → "www.example"; the root stays ".". */
    private static String bare(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    static String typeName(int type) {
        return switch (type) {
            case ReplyBuilder.A -> "A";
            case ReplyBuilder.NS -> "NS";
            case ReplyBuilder.CNAME -> "CNAME";
            case ReplyBuilder.SOA -> "SOA";
            case ReplyBuilder.PTR -> "PTR";
            case ReplyBuilder.MX -> "MX";
            case ReplyBuilder.TXT -> "TXT";
            case ReplyBuilder.RP -> "RP";
            case ReplyBuilder.AAAA -> "AAAA";
            case ReplyBuilder.SRV -> "SRV";
            case ReplyBuilder.DNAME -> "DNAME";
            case ReplyBuilder.RRSIG -> "RRSIG";
            case ReplyBuilder.NSEC -> "NSEC";
            case ReplyBuilder.NSEC3 -> "NSEC3";
            case ReplyBuilder.ANY -> "ANY";
            default -> "TYPE" + type;
        };
    }

    private static String className(int rclass) {
        return switch (rclass) {
            case ReplyBuilder.IN -> "IN";
            case ReplyBuilder.CH -> "CH";
            default -> "CLASS" + rclass;
        };
    }

    private static void put16(byte[] to, int at, int value) {
        to[at] = (byte) (value >>> 8);
        to[at + 1] = (byte) value;
    }
}
