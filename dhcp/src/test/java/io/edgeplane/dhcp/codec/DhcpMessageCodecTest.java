package io.edgeplane.dhcp.codec;

import static io.edgeplane.dhcp.codec.DhcpClientVectorsTest.ip;
import static io.edgeplane.dhcp.codec.DhcpClientVectorsTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round trips of every message type, every drop reason, RFC 3396 long options, option overload, the size cap. */
class DhcpMessageCodecTest {

    private static final HardwareAddress MAC = HardwareAddress.parse("52:54:00:12:34:56");
    private static final String MAC_HEX = "525400123456";

    /** A realistic message of {@code type}: what a client asks for, or what dnsmasq answers, relayed. */
    static DhcpMessage realistic(DhcpMessageType type) {
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(type);
        if (type.fromClient()) {
            options.put(DhcpOptions.CLIENT_IDENTIFIER, Arrays.copyOf(new byte[] {1, 0x52, 0x54, 0, 0x12, 0x34, 0x56}, 7))
                    .maxMessageSize(1500)
                    .string(DhcpOptions.HOST_NAME, "laptop")
                    .parameterRequestList(List.of(1, 3, 6, 15, 28, 42));
            if (type == DhcpMessageType.REQUEST || type == DhcpMessageType.DECLINE) {
                options.address(DhcpOptions.REQUESTED_ADDRESS, ip("198.18.0.100"));
            }
            if (type != DhcpMessageType.DISCOVER && type != DhcpMessageType.INFORM) {
                options.address(DhcpOptions.SERVER_IDENTIFIER, ip("198.18.0.1"));
            }
            boolean bound = type == DhcpMessageType.RELEASE || type == DhcpMessageType.INFORM;
            return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 1, 0x12345678, 4,
                    type == DhcpMessageType.DISCOVER ? DhcpMessage.BROADCAST_FLAG : 0,
                    bound ? ip("198.18.0.100") : DhcpMessage.ANY, DhcpMessage.ANY, DhcpMessage.ANY, ip("198.18.1.1"),
                    MAC, "", "", options.build());
        }
        options.address(DhcpOptions.SERVER_IDENTIFIER, ip("198.18.0.1"));
        if (type != DhcpMessageType.NAK) {
            options.unsignedInt(DhcpOptions.LEASE_TIME, 3600)
                    .unsignedInt(DhcpOptions.RENEWAL_TIME, 1800)
                    .unsignedInt(DhcpOptions.REBINDING_TIME, 3150)
                    .address(DhcpOptions.SUBNET_MASK, ip("255.255.255.0"))
                    .addresses(DhcpOptions.ROUTERS, List.of(ip("198.18.0.1")))
                    .addresses(DhcpOptions.DOMAIN_NAME_SERVERS, List.of(ip("198.18.0.1"), ip("198.18.0.2")))
                    .string(DhcpOptions.DOMAIN_NAME, "lan")
                    .address(DhcpOptions.BROADCAST_ADDRESS, ip("198.18.0.255"))
                    .addresses(DhcpOptions.NTP_SERVERS, List.of(ip("198.18.0.1")));
        } else {
            options.string(DhcpOptions.MESSAGE, "wrong network");
        }
        options.put(DhcpOptions.RELAY_AGENT_INFORMATION, new byte[] {1, 4, 'e', 't', 'h', '0'});
        return new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 1, 0x12345678, 0, 0, DhcpMessage.ANY,
                type == DhcpMessageType.NAK ? DhcpMessage.ANY : ip("198.18.0.100"), ip("198.18.0.1"),
                ip("198.18.1.1"), MAC, "edgeplane", "", options.build());
    }

    @ParameterizedTest
    @EnumSource(DhcpMessageType.class)
    void everyMessageTypeRoundTrips(DhcpMessageType type) {
        DhcpMessage message = realistic(type);

        byte[] wire = DhcpMessageEncoder.encode(message);

        assertThat(wire.length).isBetween(300, 548);
        assertThat(valid(wire)).isEqualTo(message);
        assertThat(valid(wire).messageType()).contains(type);
    }

    @Test
    void readsTheTypedOptionsOfAnAck() {
        DhcpOptions options = realistic(DhcpMessageType.ACK).options();

        assertThat(options.leaseTime()).hasValue(3600);
        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).hasValue(1800);
        assertThat(options.address(DhcpOptions.SUBNET_MASK)).contains(ip("255.255.255.0"));
        assertThat(options.addresses(DhcpOptions.DOMAIN_NAME_SERVERS))
                .containsExactly(ip("198.18.0.1"), ip("198.18.0.2"));
        assertThat(options.string(DhcpOptions.DOMAIN_NAME)).contains("lan");
        assertThat(options.relayAgentInformation()).hasValueSatisfying(v -> assertThat(v).hasSize(6));
    }

    @Test
    void malformedTypedOptionsReadAsAbsent() {
        DhcpOptions options = DhcpOptions.builder()
                .put(DhcpOptions.REQUESTED_ADDRESS, new byte[3])
                .put(DhcpOptions.LEASE_TIME, new byte[5])
                .put(DhcpOptions.MAX_MESSAGE_SIZE, new byte[] {1, 0})      // 256, below the legal 576
                .put(DhcpOptions.ROUTERS, new byte[6])
                .put(DhcpOptions.CLIENT_FQDN, new byte[] {ClientFqdn.FLAG_E, 0, 0, 9, 'a'})
                .put(DhcpOptions.MESSAGE_TYPE, new byte[] {10})            // LEASEQUERY, not ours
                .build();

        assertThat(options.requestedAddress()).isEmpty();
        assertThat(options.leaseTime()).isEmpty();
        assertThat(options.maxMessageSize()).isEmpty();
        assertThat(options.addresses(DhcpOptions.ROUTERS)).isEmpty();
        assertThat(options.clientFqdn()).isEmpty();
        assertThat(options.messageType()).isEmpty();
    }

    @Test
    void anAsciiFqdnIsReadToo() {
        byte[] value = {0, (byte) 255, (byte) 255, 'p', 'c', '.', 'l', 'a', 'n', '.'};
        assertThat(ClientFqdn.parse(value)).contains(new ClientFqdn(0, "pc.lan"));
    }

    @Test
    void decodesFromAByteBufferAtItsPositionWithoutMovingIt() {
        byte[] wire = DhcpClientVectorsTest.udhcpcDiscover();
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 7).position(7);
        direct.put(wire).position(7);
        ByteBuffer heap = ByteBuffer.allocate(wire.length + 3).position(3);
        heap.put(wire).position(3);

        assertThat(DhcpMessageDecoder.decode(direct)).isEqualTo(new DecodeResult.Valid(valid(wire)));
        assertThat(DhcpMessageDecoder.decode(heap)).isEqualTo(new DecodeResult.Valid(valid(wire)));
        assertThat(direct.position()).isEqualTo(7);
        assertThat(heap.position()).isEqualTo(3);
    }

    // --- drop reasons, one each ---

    @Test
    void dropsAPacketShorterThanHeaderAndCookie() {
        byte[] wire = Arrays.copyOf(DhcpClientVectorsTest.udhcpcDiscover(), 239);
        assertDropped(wire, DropReason.TOO_SHORT, "239");
        assertDropped(new byte[0], DropReason.TOO_SHORT, "length 0");
    }

    @Test
    void dropsAWrongMagicCookie() {
        byte[] wire = DhcpClientVectorsTest.udhcpcDiscover();
        wire[239] = 98;
        assertDropped(wire, DropReason.BAD_MAGIC_COOKIE, "0x63825362");
    }

    @Test
    void dropsAnOpThatIsNeitherRequestNorReply() {
        byte[] wire = DhcpClientVectorsTest.udhcpcDiscover();
        wire[0] = 3;
        assertDropped(wire, DropReason.BAD_OP, "op 3");
    }

    @Test
    void dropsAHardwareLengthOverSixteen() {
        byte[] wire = DhcpClientVectorsTest.udhcpcDiscover();
        wire[2] = 17;
        assertDropped(wire, DropReason.BAD_HARDWARE_LENGTH, "hlen 17");
    }

    @Test
    void dropsAnOptionRunningPastTheEnd() {
        byte[] lengthTooLong = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1).u8(12, 10).ascii("abc").bytes();
        assertDropped(lengthTooLong, DropReason.OPTION_OVERRUN, "length 10, only 3 bytes are left");
        byte[] noLengthByte = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1).u8(12).bytes();
        assertDropped(noLengthByte, DropReason.OPTION_OVERRUN, "no length byte");
    }

    @Test
    void dropsABadOverload() {
        byte[] badValue = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1).u8(52, 1, 4).u8(255).bytes();
        assertDropped(badValue, DropReason.BAD_OVERLOAD, "04");
        byte[] wire = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1).u8(52, 1, 2).u8(255).bytes();
        wire[DhcpMessageDecoder.SNAME_OFFSET] = 52;          // overload again, inside sname
        wire[DhcpMessageDecoder.SNAME_OFFSET + 1] = 1;
        wire[DhcpMessageDecoder.SNAME_OFFSET + 2] = 1;
        assertDropped(wire, DropReason.BAD_OVERLOAD, "inside sname");
    }

    @Test
    void dropsBootpApartFromMalformedPackets() {
        byte[] bootp = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(255).padTo(300).bytes();
        assertDropped(bootp, DropReason.BOOTP, "BOOTP");
    }

    @Test
    void dropsTwoMessageTypes() {
        byte[] wire = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1).u8(53, 1, 3).u8(255).bytes();
        assertDropped(wire, DropReason.DUPLICATE_MESSAGE_TYPE, "2 message type options");
    }

    @Test
    void dropsAnUnknownOrMisSizedMessageType() {
        byte[] leaseQuery = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 10).u8(255).bytes();
        assertDropped(leaseQuery, DropReason.BAD_MESSAGE_TYPE, "0a");
        byte[] twoBytes = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 2, 1, 1).u8(255).bytes();
        assertDropped(twoBytes, DropReason.BAD_MESSAGE_TYPE, "2 bytes");
    }

    // --- framing decisions ---

    @Test
    void toleratesAMissingEndSkipsPadAndIgnoresWhatFollowsEnd() {
        byte[] noEnd = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(0, 0, 53, 1, 1, 0).u8(12, 2).ascii("pc").bytes();
        assertThat(valid(noEnd).options().codes()).containsExactly(53, 12);
        byte[] junkAfterEnd = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1, 255, 12, 200, 1).bytes();
        assertThat(valid(junkAfterEnd).options().codes()).containsExactly(53);
    }

    @Test
    void concatenatesTheInstancesOfALongOptionAndSplitsItAgain() {
        byte[] value = new byte[600];
        Arrays.fill(value, (byte) 'x');
        value[599] = 'y';
        DhcpMessage message = realistic(DhcpMessageType.OFFER)
                .withOptions(realistic(DhcpMessageType.OFFER).options().toBuilder().put(77, value).build());

        byte[] wire = DhcpMessageEncoder.encode(message, 1500);

        int first = indexOf(wire, 77);
        assertThat(wire[first + 1] & 0xFF).isEqualTo(255);
        assertThat(wire[first + 2 + 255]).isEqualTo((byte) 77);
        assertThat(wire[first + 2 + 255 + 1] & 0xFF).isEqualTo(255);
        assertThat(wire[first + 2 * (2 + 255)]).isEqualTo((byte) 77);
        assertThat(wire[first + 2 * (2 + 255) + 1] & 0xFF).isEqualTo(90);
        assertThat(valid(wire)).isEqualTo(message);
    }

    @Test
    void concatenatesInstancesThatAreNotAdjacentInTheOrderTheyCame() {
        byte[] wire = Wire.request(1, 0, 0, "00000000", MAC_HEX)
                .u8(77, 2).ascii("ab").u8(53, 1, 1).u8(77, 0).u8(12, 2).ascii("pc").u8(77, 1).ascii("c").u8(255)
                .bytes();
        DhcpOptions options = valid(wire).options();
        assertThat(options.codes()).containsExactly(77, 53, 12);
        assertThat(options.get(77)).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.US_ASCII))
                .isEqualTo("abc"));
    }

    @Test
    void manyOptionsKeepTheirOrderAndConcatenateAsFewDo() {
        // Past the first sixteen codes the decoder indexes them instead of scanning: both ways must agree.
        Wire wire = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(77, 1).ascii("a").u8(53, 1, 1);
        for (int code = 100; code < 140; code++) {
            wire.u8(code, 1, code);
            if (code == 105 || code == 130) {
                wire.u8(77, 1).ascii(code == 105 ? "b" : "c");
            }
        }
        DhcpOptions options = valid(wire.u8(120, 1, 0).u8(255).bytes()).options();

        assertThat(options.size()).isEqualTo(42);
        assertThat(options.codes()).startsWith(77, 53, 100).endsWith(138, 139);
        assertThat(options.get(77)).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.US_ASCII))
                .isEqualTo("abc"));
        assertThat(options.get(120)).hasValueSatisfying(v -> assertThat(v).containsExactly(120, 0));
        assertThat(options.get(139)).hasValueSatisfying(v -> assertThat(v).containsExactly(139));
    }

    @Test
    void readsOptionsOverloadedIntoFileThenSname() {
        byte[] wire = Wire.request(1, 0, 0, "00000000", MAC_HEX)
                .u8(53, 1, 3).u8(52, 1, 3).u8(60, 2).ascii("ab").u8(255).padTo(300).bytes();
        int file = DhcpMessageDecoder.FILE_OFFSET;
        byte[] inFile = {50, 4, (byte) 198, 18, 0, 100, 60, 1, 'c', (byte) 255};
        System.arraycopy(inFile, 0, wire, file, inFile.length);
        byte[] inSname = {0, 60, 1, 'd', 12, 2, 'p', 'c'};               // pad first, and no END: the field ends it
        System.arraycopy(inSname, 0, wire, DhcpMessageDecoder.SNAME_OFFSET, inSname.length);
        wire[DhcpMessageDecoder.FILE_OFFSET - 1] = 0;

        DhcpMessage message = valid(wire);

        assertThat(message.options().codes()).containsExactly(53, 60, 50, 12);
        assertThat(message.options().string(60)).contains("abcd");
        assertThat(message.options().requestedAddress()).contains(ip("198.18.0.100"));
        assertThat(message.options().hostName()).contains("pc");
        assertThat(message.serverName()).isEmpty();
        assertThat(message.bootFileName()).isEmpty();
        assertThat(valid(DhcpMessageEncoder.encode(message))).isEqualTo(message);
    }

    @Test
    void readsNamesWhenNotOverloaded() {
        byte[] wire = Wire.request(1, 0, 0, "00000000", MAC_HEX).u8(53, 1, 1).u8(255).bytes();
        byte[] sname = "tftp.lan".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sname, 0, wire, DhcpMessageDecoder.SNAME_OFFSET, sname.length);
        Arrays.fill(wire, DhcpMessageDecoder.FILE_OFFSET, DhcpMessageDecoder.HEADER_LENGTH, (byte) 'f');

        DhcpMessage message = valid(wire);

        assertThat(message.serverName()).isEqualTo("tftp.lan");
        assertThat(message.bootFileName()).hasSize(128);
        assertThat(valid(DhcpMessageEncoder.encode(message))).isEqualTo(message);
    }

    // --- size ---

    @Test
    void padsToTheBootpMinimum() {
        DhcpMessage tiny = realistic(DhcpMessageType.DISCOVER)
                .withOptions(DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER).build());
        byte[] wire = DhcpMessageEncoder.encode(tiny);
        assertThat(wire).hasSize(300);
        assertThat(wire[240]).isEqualTo((byte) 53);
        assertThat(wire[243] & 0xFF).isEqualTo(255);
    }

    @Test
    void refusesAMessageOverTheClientsMaxSizeAndFitDropsTheNonEssentialOptionsLastFirst() {
        DhcpMessage ack = realistic(DhcpMessageType.ACK);
        DhcpOptions.Builder big = ack.options().toBuilder()
                .string(DhcpOptions.VENDOR_CLASS_IDENTIFIER, "v")
                .put(119, new byte[200])
                .put(121, new byte[200]);
        DhcpMessage message = ack.withOptions(big.build());
        int length = DhcpMessageEncoder.encodedLength(message);
        assertThat(length).isGreaterThan(548);

        assertThatThrownBy(() -> DhcpMessageEncoder.encode(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message of " + length + " bytes").hasMessageContaining("at most 548");
        assertThat(DhcpMessageEncoder.encode(message, 1500)).hasSize(length);
        assertThatThrownBy(() -> DhcpMessageEncoder.encode(message, 100))     // below 576 counts as 576
                .hasMessageContaining("at most 548");

        DhcpMessage fitted = DhcpMessageEncoder.fit(message, 576);

        assertThat(fitted.options().codes()).containsExactly(53, 54, 51, 58, 59, 1, 3, 6, 15, 28, 42, 82, 60, 119);
        assertThat(valid(DhcpMessageEncoder.encode(fitted))).isEqualTo(fitted);
        assertThat(DhcpMessageEncoder.fit(message, 1500)).isSameAs(message);
    }

    @Test
    void fitRefusesWhenTheEssentialOptionsAloneDoNotFit() {
        DhcpMessage ack = realistic(DhcpMessageType.ACK);
        DhcpMessage message = ack.withOptions(ack.options().toBuilder()
                .put(DhcpOptions.RELAY_AGENT_INFORMATION, new byte[400]).build());

        assertThatThrownBy(() -> DhcpMessageEncoder.fit(message, 576))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only essential options");
        assertThat(DhcpMessageEncoder.fit(message, 1500)).isSameAs(message);
    }

    @Test
    void refusesWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> DhcpOptions.builder().put(DhcpOptions.OVERLOAD, new byte[] {1}))
                .hasMessageContaining("option code 52");
        assertThatThrownBy(() -> DhcpOptions.builder().put(255, new byte[0])).hasMessageContaining("option code 255");
        assertThatThrownBy(() -> new HardwareAddress(new byte[17])).hasMessageContaining("17 bytes");
        assertThatThrownBy(() -> HardwareAddress.parse("52-54")).hasMessageContaining("'52-54'");
        DhcpMessage message = realistic(DhcpMessageType.OFFER);
        assertThatThrownBy(() -> new DhcpMessage(3, 1, 0, 0, 0, 0, DhcpMessage.ANY, DhcpMessage.ANY, DhcpMessage.ANY,
                DhcpMessage.ANY, MAC, "", "", message.options())).hasMessageContaining("op 3");
        assertThatThrownBy(() -> new DhcpMessage(2, 1, 0, 0, 0, 0, DhcpMessage.ANY, DhcpMessage.ANY, DhcpMessage.ANY,
                DhcpMessage.ANY, MAC, "x".repeat(65), "", message.options())).hasMessageContaining("at most 64");
    }

    private static int indexOf(byte[] wire, int code) {
        for (int i = DhcpMessageDecoder.OPTIONS_OFFSET; i < wire.length; i++) {
            if ((wire[i] & 0xFF) == code) {
                return i;
            }
        }
        throw new AssertionError("no option " + code);
    }

    private static void assertDropped(byte[] wire, DropReason reason, String detailPart) {
        DecodeResult result = DhcpMessageDecoder.decode(wire, 0, wire.length);
        assertThat(result).isInstanceOfSatisfying(DecodeResult.Dropped.class, dropped -> {
            assertThat(dropped.reason()).isEqualTo(reason);
            assertThat(dropped.detail()).contains(detailPart);
        });
    }
}
