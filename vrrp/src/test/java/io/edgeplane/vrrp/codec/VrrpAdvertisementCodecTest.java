package io.edgeplane.vrrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known packets both ways. The expected bytes were computed apart from this code (a few lines of Python doing
 * RFC 1071 over the message and the pseudo-header), so a checksum bug cannot agree with itself.
 */
class VrrpAdvertisementCodecTest {

    static final InetAddress SOURCE4 = ip("192.168.1.2");
    static final InetAddress GROUP4 = ip("224.0.0.18");
    static final InetAddress SOURCE6 = ip("fe80::2");
    static final InetAddress GROUP6 = ip("ff02::12");

    /** keepalived's {@code auth_type PASS}, {@code auth_pass 1111}, VRID 51, priority 100, advert_int 1. */
    static final VrrpAdvertisement V2 = new VrrpAdvertisement(2, 51, 100, Authentication.SimplePassword.of("1111"),
            1, List.of(ip("192.168.1.10")));
    static final String V2_WIRE = "21336401010155b5c0a8010a3131313100000000";

    static final VrrpAdvertisement V3_4 = new VrrpAdvertisement(3, 51, 100, Authentication.NONE, 100,
            List.of(ip("192.168.1.10")));
    static final String V3_4_WIRE = "313364010064067bc0a8010a";

    static final VrrpAdvertisement V3_6 = new VrrpAdvertisement(3, 7, 200, Authentication.NONE, 50,
            List.of(ip("fe80::1"), ip("2001:db8::10")));
    static final String V3_6_WIRE =
            "3107c8020032dc48fe80000000000000000000000000000120010db8000000000000000000000010";

    @Test
    void version2WithAPasswordIsEncodedAsRfc3768LaysItOut() {
        assertThat(hex(VrrpAdvertisementEncoder.encode(V2, SOURCE4, GROUP4))).isEqualTo(V2_WIRE);
        assertThat(decode(V2_WIRE, SOURCE4, GROUP4)).isEqualTo(new DecodeResult.Valid(V2, false));
    }

    @Test
    void version2ChecksumIgnoresTheAddresses() {
        assertThat(hex(VrrpAdvertisementEncoder.encode(V2, ip("10.0.0.1"), ip("10.0.0.2")))).isEqualTo(V2_WIRE);
        assertThat(decode(V2_WIRE, ip("10.9.9.9"), GROUP4)).isInstanceOf(DecodeResult.Valid.class);
    }

    @Test
    void version3OverIpv4SumsThePseudoHeader() {
        assertThat(hex(VrrpAdvertisementEncoder.encode(V3_4, SOURCE4, GROUP4))).isEqualTo(V3_4_WIRE);
        assertThat(decode(V3_4_WIRE, SOURCE4, GROUP4)).isEqualTo(new DecodeResult.Valid(V3_4, false));
        assertThat(decode(V3_4_WIRE, ip("192.168.1.3"), GROUP4)).isInstanceOf(DecodeResult.Dropped.class)
                .extracting(r -> ((DecodeResult.Dropped) r).reason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void version3OverIpv6SumsTheIpv6PseudoHeader() {
        assertThat(hex(VrrpAdvertisementEncoder.encode(V3_6, SOURCE6, GROUP6))).isEqualTo(V3_6_WIRE);
        assertThat(decode(V3_6_WIRE, SOURCE6, GROUP6)).isEqualTo(new DecodeResult.Valid(V3_6, false));
        assertThat(V3_6.advertIntervalDuration()).isEqualTo(Duration.ofMillis(500));
        assertThat(V3_6.ipv6()).isTrue();
    }

    @Test
    void aUnicastAdvertChecksummedWithTheGroupAsOldKeepalivedDidIsAcceptedAndFlagged() {
        // Sent to a unicast peer but summed with 224.0.0.18 in the pseudo-header: keepalived < 1.3.6.
        DecodeResult result = decode(V3_4_WIRE, SOURCE4, ip("192.168.1.3"));

        assertThat(result).isEqualTo(new DecodeResult.Valid(V3_4, true));
        assertThat(hex(VrrpAdvertisementEncoder.encode(V3_4, SOURCE4, GROUP4))).isEqualTo(V3_4_WIRE);
    }

    @Test
    void theChecksumOfAUnicastAdvertUsesThePeer() {
        byte[] wire = VrrpAdvertisementEncoder.encode(V3_4, SOURCE4, ip("192.168.1.3"));

        assertThat(VrrpAdvertisementDecoder.decode(wire, 0, wire.length, SOURCE4, ip("192.168.1.3"), 255))
                .isEqualTo(new DecodeResult.Valid(V3_4, false));
    }

    @Test
    void reservedBitsBeforeTheV3IntervalAreIgnored() {
        byte[] wire = HexFormat.of().parseHex(V3_4_WIRE);
        wire[4] |= (byte) 0xF0;
        fixV3Checksum(wire, SOURCE4, GROUP4);

        assertThat(VrrpAdvertisementDecoder.decode(wire, 0, wire.length, SOURCE4, GROUP4, 255))
                .isEqualTo(new DecodeResult.Valid(V3_4, false));
    }

    @Test
    void theLargestV3IntervalUsesAllTwelveBits() {
        VrrpAdvertisement slow = new VrrpAdvertisement(3, 1, 1, Authentication.NONE, 4095, List.of(ip("10.0.0.1")));
        byte[] wire = VrrpAdvertisementEncoder.encode(slow, SOURCE4, GROUP4);

        assertThat(wire[4]).isEqualTo((byte) 0x0F);
        assertThat(wire[5]).isEqualTo((byte) 0xFF);
        assertThat(VrrpAdvertisementDecoder.decode(wire, 0, wire.length, SOURCE4, GROUP4, 255))
                .isEqualTo(new DecodeResult.Valid(slow, false));
    }

    @Test
    void anIpv4MappedIpv6AddressStaysIpv6() {
        VrrpAdvertisement mapped = new VrrpAdvertisement(3, 9, 10, Authentication.NONE, 100,
                List.of(ip("fe80::1"), java.net.Inet6Address.class.cast(v6Mapped())));
        byte[] wire = VrrpAdvertisementEncoder.encode(mapped, SOURCE6, GROUP6);

        DecodeResult result = VrrpAdvertisementDecoder.decode(wire, 0, wire.length, SOURCE6, GROUP6, 255);

        assertThat(result).isInstanceOf(DecodeResult.Valid.class);
        assertThat(((DecodeResult.Valid) result).advertisement().addresses().get(1))
                .isInstanceOf(java.net.Inet6Address.class);
    }

    @Test
    void eachFlawHasItsReason() {
        assertThat(reason(V2_WIRE, SOURCE4, GROUP4, 254)).isEqualTo(DropReason.BAD_TTL);
        assertThat(reason(V2_WIRE.substring(0, 14), SOURCE4, GROUP4, 255)).isEqualTo(DropReason.TOO_SHORT);
        assertThat(reason("11" + V2_WIRE.substring(2), SOURCE4, GROUP4, 255)).isEqualTo(DropReason.BAD_VERSION);
        assertThat(reason("22" + V2_WIRE.substring(2), SOURCE4, GROUP4, 255)).isEqualTo(DropReason.BAD_TYPE);
        assertThat(reason(V2_WIRE + "00", SOURCE4, GROUP4, 255)).isEqualTo(DropReason.LENGTH_MISMATCH);
        assertThat(reason(V2_WIRE.substring(0, 6) + "02" + V2_WIRE.substring(8), SOURCE4, GROUP4, 255))
                .isEqualTo(DropReason.LENGTH_MISMATCH);
        assertThat(reason(V2_WIRE.substring(0, 38) + "01", SOURCE4, GROUP4, 255)).isEqualTo(DropReason.BAD_CHECKSUM);
        assertThat(reason(V3_6_WIRE, SOURCE6, GROUP6, 64)).isEqualTo(DropReason.BAD_TTL);
        assertThat(reason("2107c8020032dc48" + V3_6_WIRE.substring(16), SOURCE6, GROUP6, 255))
                .isEqualTo(DropReason.VERSION_NOT_FOR_FAMILY);
    }

    @Test
    void fieldFlawsBehindAGoodChecksumAreCaughtToo() {
        assertThat(reasonAfterV2Edit(1, 0)).isEqualTo(DropReason.BAD_VRID);
        assertThat(reasonAfterV2Edit(4, 2)).isEqualTo(DropReason.UNKNOWN_AUTH_TYPE);
        assertThat(reasonAfterV2Edit(4, 254)).isEqualTo(DropReason.UNKNOWN_AUTH_TYPE);
        assertThat(reasonAfterV2Edit(5, 0)).isEqualTo(DropReason.BAD_ADVERT_INTERVAL);
    }

    @Test
    void anUnknownTtlIsNotChecked() {
        assertThat(decode(V3_6_WIRE, SOURCE6, GROUP6, VrrpAdvertisementDecoder.TTL_UNKNOWN))
                .isInstanceOf(DecodeResult.Valid.class);
    }

    @Test
    void authTypeNoneIgnoresWhatIsInTheAuthenticationData() {
        VrrpAdvertisement none = new VrrpAdvertisement(2, 51, 100, Authentication.NONE, 1,
                List.of(ip("192.168.1.10")));
        byte[] wire = VrrpAdvertisementEncoder.encode(none, SOURCE4, GROUP4);
        wire[wire.length - 1] = 7;
        fixV2Checksum(wire);

        assertThat(VrrpAdvertisementDecoder.decode(wire, 0, wire.length, SOURCE4, GROUP4, 255))
                .isEqualTo(new DecodeResult.Valid(none, false));
    }

    @Test
    void decodesFromAnOffsetAndFromADirectBuffer() {
        byte[] wire = HexFormat.of().parseHex("ffff" + V2_WIRE + "ee");
        assertThat(VrrpAdvertisementDecoder.decode(wire, 2, 20, SOURCE4, GROUP4, 255))
                .isEqualTo(new DecodeResult.Valid(V2, false));

        ByteBuffer direct = ByteBuffer.allocateDirect(20).put(HexFormat.of().parseHex(V2_WIRE)).flip();
        assertThat(VrrpAdvertisementDecoder.decode(direct, SOURCE4, GROUP4, 255))
                .isEqualTo(new DecodeResult.Valid(V2, false));
        assertThat(direct.position()).isZero();
    }

    @Test
    void theRecordRefusesWhatTheWireCannotCarry() {
        InetAddress a = ip("10.0.0.1");
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(4, 1, 1, Authentication.NONE, 1, List.of(a))).withMessageContaining("version");
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(2, 0, 1, Authentication.NONE, 1, List.of(a))).withMessageContaining("vrid");
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(2, 1, 256, Authentication.NONE, 1, List.of(a)));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(2, 1, 1, Authentication.NONE, 256, List.of(a)));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(3, 1, 1, Authentication.NONE, 4096, List.of(a)));
        assertThatIllegalArgumentException().isThrownBy(() -> new VrrpAdvertisement(3, 1, 1,
                Authentication.SimplePassword.of("x"), 1, List.of(a))).withMessageContaining("no authentication");
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(3, 1, 1, Authentication.NONE, 1, List.of(a, ip("::1"))));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new VrrpAdvertisement(2, 1, 1, Authentication.NONE, 1, List.of(ip("::1"))));
    }

    @Test
    void theEncoderRefusesMixedFamilies() {
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpAdvertisementEncoder.encode(V3_4, SOURCE6, GROUP6));
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpAdvertisementEncoder.encode(V3_4, SOURCE4, GROUP6));
    }

    @Test
    void aPasswordIsCutToEightBytesPaddedWithZerosAndNeverPrinted() {
        Authentication.SimplePassword password = Authentication.SimplePassword.of("secret-password");

        assertThat(password.data()).isEqualTo("secret-p".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(Authentication.SimplePassword.of("ab").data()).containsExactly('a', 'b', 0, 0, 0, 0, 0, 0);
        assertThat(password.toString()).doesNotContain("secret");
        assertThat(password.matches(Authentication.SimplePassword.of("secret-p"))).isTrue();
        assertThat(password.matches(Authentication.SimplePassword.of("secret-x"))).isFalse();
    }

    static DecodeResult decode(String hex, InetAddress source, InetAddress destination) {
        return decode(hex, source, destination, 255);
    }

    static DecodeResult decode(String hex, InetAddress source, InetAddress destination, int ttl) {
        byte[] wire = HexFormat.of().parseHex(hex);
        return VrrpAdvertisementDecoder.decode(wire, 0, wire.length, source, destination, ttl);
    }

    private static DropReason reason(String hex, InetAddress source, InetAddress destination, int ttl) {
        return ((DecodeResult.Dropped) decode(hex, source, destination, ttl)).reason();
    }

    private static DropReason reasonAfterV2Edit(int index, int value) {
        byte[] wire = HexFormat.of().parseHex(V2_WIRE);
        wire[index] = (byte) value;
        fixV2Checksum(wire);
        DecodeResult result = VrrpAdvertisementDecoder.decode(wire, 0, wire.length, SOURCE4, GROUP4, 255);
        return ((DecodeResult.Dropped) result).reason();
    }

    static void fixV2Checksum(byte[] wire) {
        wire[6] = 0;
        wire[7] = 0;
        int sum = InternetChecksum.compute(wire, 0, wire.length, null, null);
        wire[6] = (byte) (sum >>> 8);
        wire[7] = (byte) sum;
    }

    static void fixV3Checksum(byte[] wire, InetAddress source, InetAddress destination) {
        wire[6] = 0;
        wire[7] = 0;
        int sum = InternetChecksum.compute(wire, 0, wire.length, source, destination);
        wire[6] = (byte) (sum >>> 8);
        wire[7] = (byte) sum;
    }

    private static InetAddress v6Mapped() {
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xFF;
        raw[11] = (byte) 0xFF;
        raw[12] = 10;
        raw[15] = 1;
        try {
            return java.net.Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(literal, e);
        }
    }
}
