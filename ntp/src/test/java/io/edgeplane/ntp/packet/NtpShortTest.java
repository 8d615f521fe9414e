package io.edgeplane.ntp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The 16.16 format of root delay and dispersion: rounded up, saturated at both ends. */
class NtpShortTest {

    @Test
    void wholeAndHalfSecondsAreExact() {
        assertThat(NtpShort.ofSeconds(1).bits()).isEqualTo(0x0001_0000);
        assertThat(NtpShort.ofSeconds(0.5).bits()).isEqualTo(0x0000_8000);
        assertThat(NtpShort.ofNanos(1_500_000_000L).bits()).isEqualTo(0x0001_8000);
        assertThat(new NtpShort(0x0001_8000).toNanos()).isEqualTo(1_500_000_000L);
        assertThat(new NtpShort(0x0001_8000).toSeconds()).isEqualTo(1.5);
    }

    @Test
    void anythingAboveZeroRoundsUpToAWholeStep() {
        // One step is 15258.79 ns: a nanosecond of delay is advertised as a step, never as none.
        assertThat(NtpShort.ofNanos(1).bits()).isEqualTo(1);
        assertThat(NtpShort.ofNanos(15_258).bits()).isEqualTo(1);
        assertThat(NtpShort.ofNanos(15_259).bits()).isEqualTo(2);
        assertThat(NtpShort.ofSeconds(1e-9).bits()).isEqualTo(1);
        assertThat(new NtpShort(1).toNanos()).isEqualTo(15_259);
    }

    @Test
    void negativeSaturatesToZeroAndTooLongToTheMaximum() {
        assertThat(NtpShort.ofNanos(0)).isEqualTo(NtpShort.ZERO);
        assertThat(NtpShort.ofNanos(-5)).isEqualTo(NtpShort.ZERO);
        assertThat(NtpShort.ofSeconds(-0.5)).isEqualTo(NtpShort.ZERO);
        assertThat(NtpShort.ofNanos(Long.MAX_VALUE)).isEqualTo(NtpShort.MAX);
        assertThat(NtpShort.ofNanos(65_536L * 1_000_000_000L)).isEqualTo(NtpShort.MAX);
        // Just below 65536 s rounds up past the largest value: saturated, not wrapped to zero.
        assertThat(NtpShort.ofNanos(65_536L * 1_000_000_000L - 1)).isEqualTo(NtpShort.MAX);
        assertThat(NtpShort.ofSeconds(1e12)).isEqualTo(NtpShort.MAX);
        assertThat(NtpShort.ofSeconds(Double.POSITIVE_INFINITY)).isEqualTo(NtpShort.MAX);
        assertThat(NtpShort.MAX.toSeconds()).isEqualTo(65_535.9999847412109375);
        assertThat(NtpShort.MAX.toNanos()).isEqualTo(65_535_999_984_741L);
    }

    @Test
    void notANumberIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> NtpShort.ofSeconds(Double.NaN))
                .withMessageContaining("NaN");
    }
}
