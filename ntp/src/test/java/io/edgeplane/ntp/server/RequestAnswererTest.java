package io.edgeplane.ntp.server;

import static io.edgeplane.ntp.server.NtpRateLimiterTest.ip;
import static io.edgeplane.ntp.server.ScriptedRandom.FAIL;
import static io.edgeplane.ntp.server.ScriptedRandom.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.edgeplane.ntp.packet.DecodeResult;
import io.edgeplane.ntp.packet.KissCode;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketDecoder;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import io.edgeplane.ntp.server.Answer.Reply.Kind;
import io.edgeplane.ntp.server.NtpRateLimiter.Settings;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One datagram in, one answer out: chrony's server path, field by field and drop by drop. */
class RequestAnswererTest {

    private static final long RECEIVED = 1_700_000_000_250_000_000L;
    private static final long CLIENT_TRANSMIT = 0xE8F1_2345_89AB_CDEFL;
    private static final InetAddress CLIENT = ip("198.51.100.7");

    private static final ServerState STRATUM_2 = new ServerState(NtpPacket.LEAP_NONE, 2, -23,
            NtpShort.ofSeconds(0.0123), NtpShort.ofSeconds(0.0456), 0xC000_0201,
            NtpTimestamp.ofUnixNanos(RECEIVED - 30_000_000_000L));

    private long now;
    private final RequestAnswerer open = new RequestAnswerer(client -> true, NtpRateLimiter.unlimited());

    @Test
    void aClientRequestGetsTheTimeWithEveryFieldAsChronyFillsIt() {
        NtpPacket reply = decode(replyTo(open, Requests.client(CLIENT_TRANSMIT)).datagram());

        assertThat(reply.leapIndicator()).isEqualTo(NtpPacket.LEAP_NONE);
        assertThat(reply.version()).isEqualTo(4);
        assertThat(reply.mode()).isEqualTo(NtpPacket.MODE_SERVER);
        assertThat(reply.stratum()).isEqualTo(2);
        assertThat(reply.poll()).isEqualTo(6);
        assertThat(reply.precision()).isEqualTo(-23);
        assertThat(reply.rootDelay()).isEqualTo(STRATUM_2.rootDelay());
        assertThat(reply.rootDispersion()).isEqualTo(STRATUM_2.rootDispersion());
        assertThat(reply.referenceId()).isEqualTo(0xC000_0201);
        assertThat(reply.referenceTime()).isEqualTo(STRATUM_2.referenceTime());
        assertThat(reply.originTime().bits()).isEqualTo(CLIENT_TRANSMIT);
        assertThat(reply.receiveTime().toUnixNanos()).isEqualTo(RECEIVED);
        assertThat(reply.transmitTime()).isEqualTo(NtpTimestamp.ZERO);
    }

    @Test
    void theCallerStampsTheTransmitTimeLast() {
        Answer.Reply reply = replyTo(open, Requests.client(CLIENT_TRANSMIT));
        long sent = RECEIVED + 35_000;

        reply.stampTransmitTime(sent);

        assertThat(reply.transmitTimestampOffset()).isEqualTo(40);
        assertThat(decode(reply.datagram()).transmitTime().toUnixNanos()).isEqualTo(sent);

        // The static helper does the same on a copy, wherever the copy starts.
        byte[] copy = new byte[64];
        System.arraycopy(reply.datagram(), 0, copy, 16, 48);
        RequestAnswerer.stampTransmitTime(copy, 16, sent + 1);
        assertThat(ByteBuffer.wrap(copy).getLong(16 + 40)).isEqualTo(NtpTimestamp.ofUnixNanos(sent + 1).bits());
    }

    @Test
    void eachVersionIsAnsweredInItsOwn() {
        for (int version = 1; version <= 4; version++) {
            NtpPacket reply = decode(replyTo(open, Requests.of(version, NtpPacket.MODE_CLIENT, 1)).datagram());
            assertThat(reply.version()).isEqualTo(version);
            assertThat(reply.mode()).isEqualTo(NtpPacket.MODE_SERVER);
        }
    }

    @Test
    void theOriginTimeIsTheRequestsTransmitTimeBitForBit() {
        SplittableRandom random = new SplittableRandom(7);
        long[] patterns = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000_0000_0001L, random.nextLong(),
                random.nextLong(), random.nextLong()};
        for (long bits : patterns) {
            byte[] reply = replyTo(open, Requests.client(bits)).datagram();
            assertThat(ByteBuffer.wrap(reply).getLong(NtpPacket.ORIGIN_TIME_OFFSET)).isEqualTo(bits);
        }
    }

    @Test
    void aRequestWithExtensionFieldsAndAMacStillGets48Bytes() {
        byte[] request = Requests.withTrailer(Requests.client(CLIENT_TRANSMIT), 24, 28, 104);

        Answer.Reply reply = replyTo(open, request);

        assertThat(request).hasSize(48 + 28 + 104 + 24);
        assertThat(reply.datagram()).hasSize(48);
        assertThat(decode(reply.datagram()).originTime().bits()).isEqualTo(CLIENT_TRANSMIT);
    }

    @Test
    void malformedDatagramsAreDropped() {
        assertThat(answer(open, new byte[0])).isEqualTo(new Answer.Drop(DropReason.MALFORMED));
        assertThat(answer(open, Arrays.copyOf(Requests.client(1), 47))).isEqualTo(new Answer.Drop(DropReason.MALFORMED));
        assertThat(answer(open, Arrays.copyOf(Requests.client(1), 50))).isEqualTo(new Answer.Drop(DropReason.MALFORMED));
        assertThat(answer(open, Arrays.copyOf(Requests.client(1), 64))).isEqualTo(new Answer.Drop(DropReason.MALFORMED));
    }

    @Test
    void versionsZeroAndAboveFourAreDropped() {
        for (int version : new int[] {0, 5, 6, 7}) {
            assertThat(answer(open, Requests.of(version, NtpPacket.MODE_CLIENT, 1)))
                    .isEqualTo(new Answer.Drop(DropReason.BAD_VERSION));
        }
    }

    @Test
    void controlAndPrivateModesAreNeverAnsweredHoweverShort() {
        byte[] monlist = {0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0}; // ntpdc's mode 7 MON_GETLIST_1, 8 bytes
        byte[] readvar = {0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}; // ntpq's mode 6 READVAR, 12 bytes

        assertThat(answer(open, monlist)).isEqualTo(new Answer.Drop(DropReason.CONTROL));
        assertThat(answer(open, readvar)).isEqualTo(new Answer.Drop(DropReason.CONTROL));
        assertThat(answer(open, Requests.of(2, NtpPacket.MODE_PRIVATE, 1))).isEqualTo(new Answer.Drop(DropReason.CONTROL));
        assertThat(answer(open, Requests.of(4, NtpPacket.MODE_CONTROL, 1))).isEqualTo(new Answer.Drop(DropReason.CONTROL));
    }

    @Test
    void everyModeButClientIsNotARequest() {
        for (int mode : new int[] {0, 1, 2, 4, 5}) {
            assertThat(answer(open, Requests.of(4, mode, 1))).isEqualTo(new Answer.Drop(DropReason.NOT_A_REQUEST));
        }
    }

    @Test
    void refusedClientsAreDroppedByDefault() {
        RequestAnswerer answerer = new RequestAnswerer(client -> !client.equals(CLIENT), NtpRateLimiter.unlimited());

        assertThat(answer(answerer, Requests.client(1))).isEqualTo(new Answer.Drop(DropReason.DENIED));
        assertThat(answerer.answer(Requests.client(1), 48, ip("198.51.100.8"), RECEIVED, STRATUM_2))
                .isInstanceOf(Answer.Reply.class);
    }

    @Test
    void refusedClientsMayBeKissedWithDenyWithinTheirRateLimit() {
        NtpRateLimiter limiter = new NtpRateLimiter(new Settings(3, 2, 1, 0, 32, 64, 64), () -> now,
                new ScriptedRandom(FAIL));
        RequestAnswerer answerer = new RequestAnswerer(client -> false, limiter, RequestAnswerer.Refusal.KISS);

        Answer.Reply kiss = replyTo(answerer, Requests.client(CLIENT_TRANSMIT));
        NtpPacket packet = decode(kiss.datagram());

        assertThat(kiss.kind()).isEqualTo(Kind.DENY_KISS);
        assertThat(packet.leapIndicator()).isEqualTo(NtpPacket.LEAP_ALARM);
        assertThat(packet.stratum()).isZero();
        assertThat(packet.referenceId()).isEqualTo(KissCode.DENY);
        assertThat(packet.originTime().bits()).isEqualTo(CLIENT_TRANSMIT);
        assertThat(answer(answerer, Requests.client(1))).isInstanceOf(Answer.Reply.class);
        assertThat(answer(answerer, Requests.client(1))).isEqualTo(new Answer.Drop(DropReason.DENIED));
    }

    @Test
    void aClientOverItsLimitIsDropped() {
        NtpRateLimiter limiter = new NtpRateLimiter(Settings.CHRONY_DEFAULTS, () -> now, new ScriptedRandom(FAIL));
        RequestAnswerer answerer = new RequestAnswerer(client -> true, limiter);

        for (int i = 0; i < 8; i++) {
            assertThat(answer(answerer, Requests.client(i))).isInstanceOf(Answer.Reply.class);
        }
        assertThat(answer(answerer, Requests.client(9))).isEqualTo(new Answer.Drop(DropReason.RATE_LIMITED));
    }

    @Test
    void aRateKissIsAReplyWithStratumZeroTheAlarmAndRealTimestamps() {
        NtpRateLimiter limiter = new NtpRateLimiter(new Settings(3, 1, 1, 1, 32, 64, 64), () -> now,
                new ScriptedRandom(FAIL, PASS));
        RequestAnswerer answerer = new RequestAnswerer(client -> true, limiter);
        answer(answerer, Requests.client(1));

        Answer.Reply kiss = replyTo(answerer, Requests.client(CLIENT_TRANSMIT));
        kiss.stampTransmitTime(RECEIVED + 1_000);
        NtpPacket packet = decode(kiss.datagram());

        assertThat(kiss.kind()).isEqualTo(Kind.RATE_KISS);
        assertThat(packet.leapIndicator()).isEqualTo(NtpPacket.LEAP_ALARM);
        assertThat(packet.stratum()).isZero();
        assertThat(packet.referenceId()).isEqualTo(KissCode.RATE);
        assertThat(packet.mode()).isEqualTo(NtpPacket.MODE_SERVER);
        assertThat(packet.poll()).isEqualTo(6);
        assertThat(packet.originTime().bits()).isEqualTo(CLIENT_TRANSMIT);
        assertThat(packet.receiveTime().toUnixNanos()).isEqualTo(RECEIVED);
        assertThat(packet.transmitTime().toUnixNanos()).isEqualTo(RECEIVED + 1_000);
        assertThat(packet.referenceTime()).isEqualTo(STRATUM_2.referenceTime());
    }

    @Test
    void thePollIsTheRequestsButNoLessThanTheRateLimitInterval() {
        NtpRateLimiter limiter = new NtpRateLimiter(new Settings(5, 255, 1, 0, 32, 64, 64), () -> now,
                new ScriptedRandom(FAIL));
        RequestAnswerer limited = new RequestAnswerer(client -> true, limiter);

        assertThat(replyPoll(limited, 0)).isEqualTo(5);
        assertThat(replyPoll(limited, 10)).isEqualTo(10);
        assertThat(replyPoll(limited, 127)).isEqualTo(127);
        assertThat(replyPoll(open, -25)).isEqualTo(-19);
        assertThat(replyPoll(open, -3)).isEqualTo(-3);
    }

    @Test
    void anUnsynchronisedServerSaysSoWithStratumZero() {
        byte[] reply = open.answer(Requests.client(1), 48, CLIENT, RECEIVED, ServerState.unsynchronised())
                instanceof Answer.Reply r ? r.datagram() : null;
        NtpPacket packet = decode(reply);

        assertThat(packet.leapIndicator()).isEqualTo(NtpPacket.LEAP_ALARM);
        assertThat(packet.stratum()).isZero();
        assertThat(packet.referenceId()).isZero();
        assertThat(packet.rootDelay().toSeconds()).isEqualTo(1.0);
    }

    @Test
    void aLocalStratumServerAnswersAs127_127_1_1() {
        ServerState local = ServerState.local(10, -20, RECEIVED);
        Answer answer = open.answer(Requests.client(1), 48, CLIENT, RECEIVED, local);
        NtpPacket packet = decode(((Answer.Reply) answer).datagram());

        assertThat(packet.stratum()).isEqualTo(10);
        assertThat(packet.leapIndicator()).isEqualTo(NtpPacket.LEAP_NONE);
        assertThat(packet.referenceId()).isEqualTo(ServerState.LOCAL_REFERENCE_ID);
    }

    @Test
    void bytesPastTheLengthChangeNothing() {
        byte[] buffer = Arrays.copyOf(Requests.client(CLIENT_TRANSMIT), 2048);
        Arrays.fill(buffer, 48, 2048, (byte) 0xA5);

        Answer.Reply reply = (Answer.Reply) open.answer(buffer, 48, CLIENT, RECEIVED, STRATUM_2);

        assertThat(reply.datagram()).isEqualTo(replyTo(open, Requests.client(CLIENT_TRANSMIT)).datagram());
    }

    @Test
    void aLengthOutsideTheArrayIsTheCallersMistake() {
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
                .isThrownBy(() -> open.answer(new byte[48], 49, CLIENT, RECEIVED, STRATUM_2));
    }

    private int replyPoll(RequestAnswerer answerer, int poll) {
        byte[] request = Requests.client(1);
        request[2] = (byte) poll;
        return decode(replyTo(answerer, request).datagram()).poll();
    }

    private static Answer answer(RequestAnswerer answerer, byte[] request) {
        return answerer.answer(request, request.length, CLIENT, RECEIVED, STRATUM_2);
    }

    private static Answer.Reply replyTo(RequestAnswerer answerer, byte[] request) {
        Answer answer = answer(answerer, request);
        assertThat(answer).isInstanceOf(Answer.Reply.class);
        return (Answer.Reply) answer;
    }

    private static NtpPacket decode(byte[] datagram) {
        assertThat(datagram).hasSize(48);
        return ((DecodeResult.Ok) NtpPacketDecoder.decode(datagram, datagram.length)).packet();
    }
}
