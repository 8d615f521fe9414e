package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import org.junit.jupiter.api.Test;

/** What the server advertises: chrony's values when unsynchronised and for {@code local stratum N}. */
class ServerStateTest {

    @Test
    void unsynchronisedIsTheAlarmWithStratumZeroOnTheWireAsChronySendsIt() {
        ServerState state = ServerState.unsynchronised();

        assertThat(state.leapIndicator()).isEqualTo(NtpPacket.LEAP_ALARM);
        assertThat(state.stratum()).isEqualTo(16);
        assertThat(state.wireStratum()).isZero();
        assertThat(state.referenceId()).isZero();
        assertThat(state.referenceTime()).isEqualTo(NtpTimestamp.ZERO);
        assertThat(state.rootDelay()).isEqualTo(NtpShort.ofSeconds(1));
        assertThat(state.rootDispersion()).isEqualTo(NtpShort.ofSeconds(1));
        assertThat(state.precision()).isEqualTo(ServerState.DEFAULT_PRECISION);
        assertThat(state.synchronised()).isFalse();
        assertThat(ServerState.unsynchronised(-25).precision()).isEqualTo(-25);
    }

    @Test
    void localStratumServesTheLocalClockAs127_127_1_1() {
        long now = 1_700_000_000_500_000_000L;

        ServerState state = ServerState.local(10, -22, now);

        assertThat(state.leapIndicator()).isEqualTo(NtpPacket.LEAP_NONE);
        assertThat(state.stratum()).isEqualTo(10);
        assertThat(state.wireStratum()).isEqualTo(10);
        assertThat(state.referenceId()).isEqualTo(0x7F7F_0101);
        assertThat(state.referenceTime().toUnixNanos()).isEqualTo(now - 1_000_000_000L);
        assertThat(state.rootDelay()).isEqualTo(NtpShort.ZERO);
        assertThat(state.rootDispersion()).isEqualTo(NtpShort.ZERO);
        assertThat(state.precision()).isEqualTo(-22);
        assertThat(state.synchronised()).isTrue();
    }

    @Test
    void localStratumIsOneToFifteen() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerState.local(0, -20, 0))
                .withMessage("local stratum must be from 1 to 15, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerState.local(16, -20, 0))
                .withMessage("local stratum must be from 1 to 15, got 16");
        assertThat(ServerState.local(1, -20, 0).stratum()).isEqualTo(1);
        assertThat(ServerState.local(15, -20, 0).stratum()).isEqualTo(15);
    }

    @Test
    void fieldsOutsideTheirRangesAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ServerState(4, 2, -20, NtpShort.ZERO, NtpShort.ZERO, 0, NtpTimestamp.ZERO))
                .withMessage("leapIndicator must be from 0 to 3, got 4");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ServerState(0, 0, -20, NtpShort.ZERO, NtpShort.ZERO, 0, NtpTimestamp.ZERO))
                .withMessage("stratum must be from 1 to 16 (16: unsynchronised), got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ServerState(0, 2, -129, NtpShort.ZERO, NtpShort.ZERO, 0, NtpTimestamp.ZERO))
                .withMessage("precision must be from -128 to 127 (log2 s), got -129");
    }

    @Test
    void aLeapAlarmAloneMeansUnsynchronised() {
        ServerState alarm = new ServerState(3, 2, -20, NtpShort.ZERO, NtpShort.ZERO, 0, NtpTimestamp.ZERO);

        assertThat(alarm.synchronised()).isFalse();
        assertThat(alarm.wireStratum()).isEqualTo(2);
    }
}
