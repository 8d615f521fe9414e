package io.edgeplane.ntp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.ntp.packet.KissCode;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import org.junit.jupiter.api.Test;

class ReplyCheckTest {

    private static final long COOKIE = 0x1234_5678_9ABC_DEF0L;
    private static final long NOW = 1_800_000_000_000_000_000L;

    private static byte[] reply(int leap, int mode, int stratum, long origin, int referenceId) {
        return NtpPacketEncoder.encode(new NtpPacket(leap, 4, mode, stratum, 6, -20, NtpShort.ZERO, NtpShort.ZERO,
                referenceId, NtpTimestamp.ofUnixNanos(NOW - 1_000_000_000L), new NtpTimestamp(origin),
                NtpTimestamp.ofUnixNanos(NOW), NtpTimestamp.ofUnixNanos(NOW + 20_000)));
    }

    private static ReplyCheck.Outcome check(byte[] datagram) {
        return ReplyCheck.check(datagram, datagram.length, COOKIE);
    }

    @Test
    void aServerReplyCarryingTheCookieIsUsable() {
        assertThat(check(reply(0, NtpPacket.MODE_SERVER, 2, COOKIE, 0x0A000001)))
                .isInstanceOf(ReplyCheck.Outcome.Usable.class);
    }

    @Test
    void aReplyWithAnotherOriginIsBogus() {
        assertThat(check(reply(0, NtpPacket.MODE_SERVER, 2, COOKIE + 1, 0)))
                .isInstanceOfSatisfying(ReplyCheck.Outcome.Bogus.class,
                        bogus -> assertThat(bogus.reason()).contains("origin"));
    }

    @Test
    void aReplyWithNoRequestInFlightIsBogus() {
        byte[] datagram = reply(0, NtpPacket.MODE_SERVER, 2, COOKIE, 0);

        assertThat(ReplyCheck.check(datagram, datagram.length, 0)).isInstanceOf(ReplyCheck.Outcome.Bogus.class);
    }

    @Test
    void anotherModeOrAShortDatagramIsBogus() {
        assertThat(check(reply(0, NtpPacket.MODE_CLIENT, 2, COOKIE, 0))).isInstanceOf(ReplyCheck.Outcome.Bogus.class);
        byte[] shortOne = new byte[20];
        assertThat(ReplyCheck.check(shortOne, shortOne.length, COOKIE)).isInstanceOf(ReplyCheck.Outcome.Bogus.class);
    }

    @Test
    void anUnsynchronisedServerIsNotUsed() {
        assertThat(check(reply(NtpPacket.LEAP_ALARM, NtpPacket.MODE_SERVER, 3, COOKIE, 0)))
                .isInstanceOf(ReplyCheck.Outcome.Bogus.class);
        assertThat(check(reply(0, NtpPacket.MODE_SERVER, 16, COOKIE, 0))).isInstanceOf(ReplyCheck.Outcome.Bogus.class);
    }

    @Test
    void stratumZeroIsAKissOfDeath() {
        assertThat(check(reply(NtpPacket.LEAP_ALARM, NtpPacket.MODE_SERVER, 0, COOKIE, KissCode.RATE)))
                .isInstanceOfSatisfying(ReplyCheck.Outcome.Kiss.class, kiss -> {
                    assertThat(kiss.rate()).isTrue();
                    assertThat(kiss.refused()).isFalse();
                });
        assertThat(check(reply(NtpPacket.LEAP_ALARM, NtpPacket.MODE_SERVER, 0, COOKIE, KissCode.DENY)))
                .isInstanceOfSatisfying(ReplyCheck.Outcome.Kiss.class, kiss -> assertThat(kiss.refused()).isTrue());
    }

    @Test
    void aKissWithTheWrongOriginIsBogusNotObeyed() {
        // Else anyone could silence our sources with forged DENY packets.
        assertThat(check(reply(NtpPacket.LEAP_ALARM, NtpPacket.MODE_SERVER, 0, COOKIE + 7, KissCode.DENY)))
                .isInstanceOf(ReplyCheck.Outcome.Bogus.class);
    }
}
