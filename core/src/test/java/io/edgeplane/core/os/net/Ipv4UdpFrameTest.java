package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame's bytes and checksums, against published vectors and an independent reference. */
class Ipv4UdpFrameTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final MacAddress SERVER_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress CLIENT_MAC = MacAddress.parse("02:00:00:00:00:02");

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void theChecksumMatchesPublishedVectors() {
        // RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d.
        assertThat(Ipv4UdpFrame.checksum(ByteBuffer.wrap(HEX.parseHex("0001f203f4f5f6f7")), 0, 8, 0))
                .isEqualTo(0x220D);
        // The IPv4 header of Wikipedia's "Internet checksum" article, checksum field zeroed: b861.
        ByteBuffer header = ByteBuffer.wrap(HEX.parseHex("450000730000400040110000c0a80001c0a800c7"));
        assertThat(Ipv4UdpFrame.checksum(header, 0, 20, 0)).isEqualTo(0xB861);
        // With the checksum in place the header sums to zero: what a receiver checks.
        header.putShort(10, (short) 0xB861);
        assertThat(Ipv4UdpFrame.checksum(header, 0, 20, 0)).isZero();
        // An odd length pads the last byte with a zero on the right: ab00.
        assertThat(Ipv4UdpFrame.checksum(ByteBuffer.wrap(new byte[] {(byte) 0xAB}), 0, 1, 0)).isEqualTo(0x54FF);
    }

    @Test
    void aFrameIsByteForByteTheReferences() throws Exception {
        // Computed by an independent implementation (Python struct and its own checksum) for this task.
        String expected = "020000000002020000000001" + "0800"
                + "45000025000000004011ee70c6120001c6120032"
                + "0043004400116f48" + HEX.formatHex("edgeplane".getBytes(StandardCharsets.US_ASCII));
        Ipv4UdpFrame addressing = new Ipv4UdpFrame(SERVER_MAC, CLIENT_MAC, ip("198.18.0.1"), 67, ip("198.18.0.50"),
                68);
        ByteBuffer payload = ByteBuffer.wrap("edgeplane".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer frame = ByteBuffer.allocate(100);
        frame.position(3);

        int length = addressing.write(payload, frame);

        assertThat(length).isEqualTo(Ipv4UdpFrame.length(9)).isEqualTo(51);
        assertThat(frame.position()).as("advanced past the frame").isEqualTo(3 + 51);
        assertThat(payload.position()).as("the payload is left alone").isZero();
        assertThat(HEX.formatHex(frame.array(), 3, 3 + 51)).isEqualTo(expected);
    }

    @Test
    void randomFramesHaveChecksumsTheReferenceAccepts() throws Exception {
        Random random = new Random(20250101);
        for (int round = 0; round < 2_000; round++) {
            byte[] payload = new byte[random.nextInt(1_473)];
            random.nextBytes(payload);
            byte[] source = new byte[4];
            byte[] destination = new byte[4];
            random.nextBytes(source);
            random.nextBytes(destination);
            int sourcePort = 1 + random.nextInt(0xFFFF);
            int destinationPort = 1 + random.nextInt(0xFFFF);
            Ipv4UdpFrame addressing = new Ipv4UdpFrame(new MacAddress(random.nextLong() & 0xFFFF_FFFF_FFFFL),
                    new MacAddress(random.nextLong() & 0xFFFF_FFFF_FFFFL),
                    (Inet4Address) InetAddress.getByAddress(source), sourcePort,
                    (Inet4Address) InetAddress.getByAddress(destination), destinationPort);
            // A little-endian buffer must not change a byte: the frame is in network order regardless.
            ByteBuffer frame = ByteBuffer.allocate(Ipv4UdpFrame.length(payload.length)).order(ByteOrder.LITTLE_ENDIAN);
            addressing.write(ByteBuffer.wrap(payload), frame);
            byte[] bytes = frame.array();

            assertThat(ReferenceChecksums.ipv4HeaderValid(bytes, 14)).as("IPv4 header checksum").isTrue();
            assertThat(ReferenceChecksums.udpValid(bytes, 14)).as("UDP checksum").isTrue();
            assertThat(ReferenceChecksums.word(bytes, 14 + 20 + 6)).as("never zero: that means none").isNotZero();
            assertThat(ReferenceChecksums.word(bytes, 14 + 2)).isEqualTo(28 + payload.length);
            assertThat(ReferenceChecksums.word(bytes, 14 + 20)).isEqualTo(sourcePort);
            assertThat(ReferenceChecksums.word(bytes, 14 + 22)).isEqualTo(destinationPort);
        }
    }

    @Test
    void aUdpChecksumThatComesToZeroIsSentAsAllOnes() throws Exception {
        // Find a two-byte payload whose UDP checksum computes to 0 and check it goes out as ffff (RFC 768).
        Ipv4UdpFrame addressing = new Ipv4UdpFrame(SERVER_MAC, CLIENT_MAC, ip("198.18.0.1"), 67, ip("198.18.0.50"),
                68);
        ByteBuffer frame = ByteBuffer.allocate(Ipv4UdpFrame.length(2));
        addressing.write(ByteBuffer.wrap(new byte[2]), frame);
        int withZeroPayload = ReferenceChecksums.word(frame.array(), 40);
        // Adding w to the payload's sum lowers the checksum by w (ones' complement): choose w = the checksum.
        byte[] payload = {(byte) (withZeroPayload >>> 8), (byte) withZeroPayload};
        frame.clear();
        addressing.write(ByteBuffer.wrap(payload), frame);
        assertThat(ReferenceChecksums.word(frame.array(), 40)).isEqualTo(0xFFFF);
        assertThat(ReferenceChecksums.udpValid(frame.array(), 14)).isTrue();
    }

    @Test
    void badArgumentsAreRefusedByName() throws Exception {
        assertThatThrownBy(() -> new Ipv4UdpFrame(SERVER_MAC, CLIENT_MAC, ip("198.18.0.1"), 0, ip("198.18.0.2"), 68))
                .hasMessageContaining("source port 0: expected 1..65535");
        assertThatThrownBy(() -> new Ipv4UdpFrame(SERVER_MAC, CLIENT_MAC, ip("198.18.0.1"), 67, ip("198.18.0.2"),
                65_536)).hasMessageContaining("destination port 65536");
        Ipv4UdpFrame addressing = new Ipv4UdpFrame(SERVER_MAC, CLIENT_MAC, ip("198.18.0.1"), 67, ip("198.18.0.2"),
                68);
        ByteBuffer small = ByteBuffer.allocate(50);
        assertThatThrownBy(() -> addressing.write(ByteBuffer.allocate(9), small))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).as("nothing written").isZero();
        assertThatThrownBy(() -> addressing.write(ByteBuffer.allocate(Ipv4UdpFrame.MAX_PAYLOAD + 1),
                ByteBuffer.allocate(70_000))).hasMessageContaining("expected at most 65507");
        assertThatThrownBy(() -> addressing.write(ByteBuffer.allocate(1), ByteBuffer.allocate(60).asReadOnlyBuffer()))
                .hasMessageContaining("read-only");
    }
}
