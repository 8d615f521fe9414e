package io.edgeplane.dns.forward;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Builds upstream replies byte by byte from the query they answer, and reads the bits tests look at. */
final class Replies {

    private Replies() {
    }

    /** The reply to {@code query}: its ID and question (as received, case included), one A record unless {@code ip} is null. */
    static byte[] answer(byte[] query, String ip, int rcode, boolean truncated) {
        int questionEnd = questionEnd(query);
        byte[] rdata = ip == null ? null : address(ip);
        byte[] out = new byte[questionEnd + (rdata == null ? 0 : 16)];
        System.arraycopy(query, 0, out, 0, questionEnd);
        int flags = 0x8000 | 0x0100 | 0x0080 | (truncated ? 0x0200 : 0) | rcode;
        out[2] = (byte) (flags >> 8);
        out[3] = (byte) flags;
        out[6] = 0;
        out[7] = (byte) (rdata == null ? 0 : 1);
        out[8] = out[9] = out[10] = out[11] = 0;
        if (rdata != null) {
            byte[] record = {(byte) 0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4};
            System.arraycopy(record, 0, out, questionEnd, record.length);
            System.arraycopy(rdata, 0, out, questionEnd + record.length, 4);
        }
        return out;
    }

    static byte[] answer(byte[] query, String ip) {
        return answer(query, ip, 0, false);
    }

    /** The same message with another ID. */
    static byte[] withId(byte[] message, int id) {
        byte[] out = message.clone();
        out[0] = (byte) (id >> 8);
        out[1] = (byte) id;
        return out;
    }

    /** The same message with the case of the question's first letter flipped. */
    static byte[] withFirstLetterFlipped(byte[] message) {
        byte[] out = message.clone();
        for (int i = 13; i < questionEnd(out); i++) {
            if (Character.isLetter(out[i])) {
                out[i] ^= 0x20;
                return out;
            }
        }
        throw new IllegalArgumentException("no letter in the question");
    }

    static int id(byte[] message) {
        return (message[0] & 0xFF) << 8 | (message[1] & 0xFF);
    }

    /** The question's name as written, case included. */
    static String questionName(byte[] message) {
        StringBuilder name = new StringBuilder();
        int at = 12;
        while (message[at] != 0) {
            int length = message[at];
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(message, at + 1, length, StandardCharsets.ISO_8859_1));
            at += 1 + length;
        }
        return name.toString();
    }

    /** The A record's address in a reply, by Netty's decoder. */
    static String answerAddress(byte[] reply) throws UnknownHostException {
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        try {
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);
            channel.writeInbound(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(reply), any, any));
            DatagramDnsResponse response = channel.readInbound();
            try {
                DnsRawRecord record = response.recordAt(DnsSection.ANSWER);
                byte[] rdata = new byte[record.content().readableBytes()];
                record.content().getBytes(record.content().readerIndex(), rdata);
                return InetAddress.getByAddress(rdata).getHostAddress();
            } finally {
                response.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static int questionEnd(byte[] message) {
        int at = 12;
        while (message[at] != 0) {
            at += 1 + message[at];
        }
        return at + 1 + 4;
    }

    private static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
