package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A bare DNS client for tests: builds queries byte by byte and reads answers with Netty's decoder. */
final class DnsTestClient {

    private static final InetSocketAddress ANY = new InetSocketAddress(0);

    private DnsTestClient() {
    }

    /** A query for {@code name}/{@code type} with RD set; {@code ednsSize} 0 = no OPT record. */
    static byte[] query(int id, String name, DnsRecordType type, int ednsSize, int ednsVersion) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeShort(id);
            out.writeShort(0x0100);
            out.writeShort(1);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(ednsSize > 0 ? 1 : 0);
            for (String label : name.split("\\.")) {
                if (!label.isEmpty()) {
                    out.writeByte(label.length());
                    out.write(label.getBytes(StandardCharsets.US_ASCII));
                }
            }
            out.writeByte(0);
            out.writeShort(type.intValue());
            out.writeShort(1);
            if (ednsSize > 0) {
                out.writeByte(0);
                out.writeShort(41);
                out.writeShort(ednsSize);
                out.writeByte(0);
                out.writeByte(ednsVersion);
                out.writeShort(0);
                out.writeShort(0);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Sends {@code packet} over UDP and returns the raw answer, or null if none came within {@code timeoutMillis}. */
    static byte[] udp(InetSocketAddress server, byte[] packet, int timeoutMillis) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(timeoutMillis);
            socket.send(new java.net.DatagramPacket(packet, packet.length, server));
            byte[] buffer = new byte[65535];
            java.net.DatagramPacket answer = new java.net.DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(buffer, answer.getLength());
        }
    }

    /** Sends {@code packet} over TCP (length-framed) and returns the raw answer. */
    static byte[] tcp(InetSocketAddress server, byte[] packet) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 2000);
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(packet.length);
            out.write(packet);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readUnsignedShort();
            byte[] answer = new byte[length];
            in.readFully(answer);
            return answer;
        }
    }

    /** The answer decoded by Netty; the caller releases it. */
    static DatagramDnsResponse decode(byte[] answer) {
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(answer), ANY, ANY));
        DatagramDnsResponse response = channel.readInbound();
        channel.finishAndReleaseAll();
        return response;
    }

    /** The answer section's records of {@code response}. */
    static List<DnsRecord> answers(DatagramDnsResponse response) {
        List<DnsRecord> records = new ArrayList<>();
        for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
            records.add(response.recordAt(DnsSection.ANSWER, i));
        }
        return records;
    }

    /** The RDATA of a raw record, as bytes. */
    static byte[] rdata(DnsRecord record) {
        ByteBuf content = ((io.netty.handler.codec.dns.DnsRawRecord) record).content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return bytes;
    }
}
