package io.edgeplane.ntp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The 48-byte header both ways, and the framing of extension fields and MACs after it (RFC 7822). */
class NtpPacketCodecTest {

    private static final NtpPacket SAMPLE = new NtpPacket(NtpPacket.LEAP_ADD_SECOND, 4, NtpPacket.MODE_SERVER, 2,
            -6, -24, new NtpShort(0x0000_1234), new NtpShort(0x0001_8000), 0xC000_0201,
            new NtpTimestamp(0xE9A1_0000_0000_0001L), new NtpTimestamp(0x8000_0000_FFFF_FFFFL),
            new NtpTimestamp(0xFFFF_FFFF_FFFF_FFFFL), new NtpTimestamp(0x0000_0001_0000_0000L));

    @Test
    void aPacketRoundTripsThroughItsWireForm() {
        byte[] wire = NtpPacketEncoder.encode(SAMPLE);

        assertThat(wire).hasSize(48);
        assertThat(NtpPacketDecoder.decode(wire, 48)).isEqualTo(new DecodeResult.Ok(SAMPLE, 0, 0));
    }

    @Test
    void theFieldsSitWhereRfc5905PutsThem() {
        ByteBuffer wire = ByteBuffer.wrap(NtpPacketEncoder.encode(SAMPLE));

        assertThat(wire.get(0)).isEqualTo((byte) 0b01_100_100); // LI 1, VN 4, mode 4
        assertThat(wire.get(1)).isEqualTo((byte) 2);
        assertThat(wire.get(2)).isEqualTo((byte) -6);
        assertThat(wire.get(3)).isEqualTo((byte) -24);
        assertThat(wire.getInt(4)).isEqualTo(0x0000_1234);
        assertThat(wire.getInt(8)).isEqualTo(0x0001_8000);
        assertThat(wire.getInt(12)).isEqualTo(0xC000_0201);
        assertThat(wire.getLong(16)).isEqualTo(0xE9A1_0000_0000_0001L);
        assertThat(wire.getLong(24)).isEqualTo(0x8000_0000_FFFF_FFFFL);
        assertThat(wire.getLong(32)).isEqualTo(-1L);
        assertThat(wire.getLong(40)).isEqualTo(1L << 32);
    }

    @Test
    void theEncoderWritesAtAnOffsetAndNoWhereElse() {
        byte[] out = new byte[60];
        Arrays.fill(out, (byte) 0x5A);

        NtpPacketEncoder.encode(SAMPLE, out, 6);

        assertThat(Arrays.copyOfRange(out, 6, 54)).isEqualTo(NtpPacketEncoder.encode(SAMPLE));
        assertThat(Arrays.copyOfRange(out, 0, 6)).containsOnly(0x5A);
        assertThat(Arrays.copyOfRange(out, 54, 60)).containsOnly(0x5A);
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
                .isThrownBy(() -> NtpPacketEncoder.encode(SAMPLE, new byte[60], 13));
    }

    @Test
    void aDatagramShorterThanTheHeaderIsMalformed() {
        assertThat(NtpPacketDecoder.decode(new byte[47], 47))
                .isEqualTo(new DecodeResult.Malformed("length 47 is shorter than the 48-byte header"));
        assertThat(NtpPacketDecoder.decode(new byte[0], 0)).isInstanceOf(DecodeResult.Malformed.class);
        // A long enough array does not help when the datagram itself is short.
        assertThat(NtpPacketDecoder.decode(new byte[100], 40)).isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void aLengthThatIsNotWholeWordsIsMalformed() {
        assertThat(NtpPacketDecoder.decode(request(4, 52), 50))
                .isEqualTo(new DecodeResult.Malformed("length 50 is not a multiple of 4"));
    }

    @Test
    void nothingPastTheLengthIsRead() {
        byte[] data = request(4, 200);
        Arrays.fill(data, 48, 200, (byte) 0xFF);

        assertThat(NtpPacketDecoder.decode(data, 48)).isEqualTo(NtpPacketDecoder.decode(request(4, 48), 48));
    }

    @Test
    void aLengthOutsideTheArrayIsTheCallersMistake() {
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
                .isThrownBy(() -> NtpPacketDecoder.decode(new byte[48], 52));
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
                .isThrownBy(() -> NtpPacketDecoder.decode(new byte[48], -1));
    }

    @Test
    void ntpv4ExtensionFieldsAreCountedWithOrWithoutAMac() {
        byte[] twoFields = request(4, 48 + 16 + 28);
        field(twoFields, 48, 0x0104, 16);
        field(twoFields, 64, 0x0204, 28);
        assertThat(ok(twoFields)).isEqualTo(new int[] {2, 0});

        byte[] fieldAndMac = request(4, 48 + 32 + 20);
        field(fieldAndMac, 48, 0xE001, 32);
        assertThat(ok(fieldAndMac)).isEqualTo(new int[] {1, 20});
    }

    @Test
    void ntpv4MacsOf20To24BytesAndTheCryptoNakAreRecognised() {
        assertThat(ok(request(4, 48 + 20))).isEqualTo(new int[] {0, 20});
        assertThat(ok(request(4, 48 + 24))).isEqualTo(new int[] {0, 24});
        assertThat(ok(request(4, 48 + 4))).isEqualTo(new int[] {0, 4});
    }

    @Test
    void ntpv4TrailersThatAreNeitherFieldsNorMacsAreMalformed() {
        byte[] notANak = request(4, 52);
        notANak[51] = 1;
        assertThat(malformed(notANak)).isEqualTo("4 bytes after the header are not a crypto-NAK (key ID 0) but 0x1");

        for (int trailer : new int[] {8, 12, 16}) {
            assertThat(malformed(request(4, 48 + trailer))).contains(trailer + " bytes at offset 48");
        }

        byte[] tooShortField = request(4, 48 + 28);
        field(tooShortField, 48, 0x0104, 12);
        assertThat(malformed(tooShortField)).contains("has length 12");

        byte[] oddField = request(4, 48 + 28);
        field(oddField, 48, 0x0104, 18);
        assertThat(malformed(oddField)).contains("has length 18");

        byte[] fieldPastTheEnd = request(4, 48 + 28);
        field(fieldPastTheEnd, 48, 0x0104, 32);
        assertThat(malformed(fieldPastTheEnd)).isEqualTo(
                "extension field at offset 48 has length 32, expected a multiple of 4 from 16 to the 28 bytes left");

        byte[] zeroLengthField = request(4, 48 + 64);
        assertThat(malformed(zeroLengthField)).contains("has length 0");

        byte[] fieldThenScraps = request(4, 48 + 28 + 8);
        field(fieldThenScraps, 48, 0x0104, 28);
        assertThat(malformed(fieldThenScraps)).contains("8 bytes at offset 76");
    }

    @Test
    void beforeNtpv4WhateverFollowsTheHeaderIsAMac() {
        assertThat(ok(request(3, 48 + 20))).isEqualTo(new int[] {0, 20});
        assertThat(ok(request(3, 48 + 72))).isEqualTo(new int[] {0, 72}); // MS-SNTP's extended authenticator
        assertThat(ok(request(1, 48 + 8))).isEqualTo(new int[] {0, 8});
    }

    @Test
    void theRecordRefusesFieldsTheWireCannotHold() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NtpPacket(4, 4, 3, 0, 0, 0, NtpShort.ZERO, NtpShort.ZERO, 0,
                        NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO))
                .withMessage("leapIndicator must be from 0 to 3, got 4");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NtpPacket(0, 4, 3, 0, 128, 0, NtpShort.ZERO, NtpShort.ZERO, 0,
                        NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO))
                .withMessage("poll must be from -128 to 127, got 128");
    }

    @Test
    void theTransmitTimeIsWrittenLastAndNeverEqualsTheReceiveOrOriginTime() {
        long now = 1_700_000_000_123_456_789L;
        long bits = NtpTimestamp.ofUnixNanos(now).bits();
        byte[] packet = NtpPacketEncoder.encode(SAMPLE);

        NtpPacketEncoder.writeTransmitTime(packet, 0, now);
        assertThat(ByteBuffer.wrap(packet).getLong(40)).isEqualTo(bits);

        ByteBuffer sameAsReceive = ByteBuffer.wrap(new byte[48]).putLong(32, bits);
        NtpPacketEncoder.writeTransmitTime(sameAsReceive.array(), 0, now);
        assertThat(sameAsReceive.getLong(40)).isEqualTo(bits + 1);

        ByteBuffer sameAsBoth = ByteBuffer.wrap(new byte[48]).putLong(32, bits).putLong(24, bits + 1);
        NtpPacketEncoder.writeTransmitTime(sameAsBoth.array(), 0, now);
        assertThat(sameAsBoth.getLong(40)).isEqualTo(bits + 2);
    }

    /** A zeroed client request of the given version, {@code length} bytes long. */
    static byte[] request(int version, int length) {
        byte[] data = new byte[length];
        data[0] = (byte) (version << 3 | NtpPacket.MODE_CLIENT);
        return data;
    }

    private static void field(byte[] data, int offset, int type, int length) {
        ByteBuffer.wrap(data).putShort(offset, (short) type).putShort(offset + 2, (short) length);
    }

    private static int[] ok(byte[] data) {
        DecodeResult.Ok ok = (DecodeResult.Ok) NtpPacketDecoder.decode(data, data.length);
        return new int[] {ok.extensionFields(), ok.macLength()};
    }

    private static String malformed(byte[] data) {
        return ((DecodeResult.Malformed) NtpPacketDecoder.decode(data, data.length)).reason();
    }
}
