package io.edgeplane.ntp.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import org.junit.jupiter.api.Test;

/** λ, the root distance of RFC 5905 §11.2 and A.5.5.2, and what makes a stratum usable. */
class SourceEstimateTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long T0 = 500 * S;

    @Test
    void rootDistanceAddsHalfTheDelaysTheDispersionsTheirGrowthAndTheJitter() {
        // offset 3 ms, δ 10 ms, ε 2 ms, ψ 1 ms, reckoned at T0; the source says δ_root 30 ms, ε_root 5 ms.
        FilterOutput filter = new FilterOutput(3 * MS, 10 * MS, 2 * MS, 1 * MS, T0 - S, T0);
        SourceEstimate source = new SourceEstimate("a", 2, 30 * MS, 5 * MS, filter);

        // (30 + 10) / 2 + 5 + 2 + 1 = 28 ms at T0.
        assertThat(source.rootDistance(T0)).isEqualTo(28 * MS);
        // 100 s on, PHI adds 15 ppm × 100 s = 1.5 ms: 29.5 ms.
        assertThat(source.rootDistance(T0 + 100 * S)).isEqualTo(29_500_000L);
    }

    @Test
    void rootDistanceIsAtLeastMindist() {
        FilterOutput perfect = new FilterOutput(0, 0, 0, 0, T0, T0);
        assertThat(new SourceEstimate("refclock", 1, 0, 0, perfect).rootDistance(T0))
                .isEqualTo(Rfc5905.MINDIST_NANOS);
        // An odd delay sum is halved upwards: (1 + 0) / 2 -> 1 ns, plus 2 ms of dispersion.
        FilterOutput odd = new FilterOutput(0, 1, 2 * MS, 0, T0, T0);
        assertThat(new SourceEstimate("odd", 1, 0, 0, odd).rootDistance(T0)).isEqualTo(2 * MS + 1);
    }

    @Test
    void rootDistanceRefusesATimeBeforeTheFilterOutput() {
        SourceEstimate source = new SourceEstimate("a", 2, 0, 0, new FilterOutput(0, 0, 0, 0, T0, T0));
        assertThatIllegalArgumentException().isThrownBy(() -> source.rootDistance(T0 - 1))
                .withMessageContaining("now (" + (T0 - 1) + " ns)").withMessageContaining("of a");
    }

    @Test
    void strataZeroAndSixteenUpAreUnsynchronised() {
        FilterOutput filter = new FilterOutput(0, 0, 0, 0, T0, T0);
        assertThat(new SourceEstimate("kiss", 0, 0, 0, filter).hasUsableStratum()).isFalse();
        assertThat(new SourceEstimate("primary", 1, 0, 0, filter).hasUsableStratum()).isTrue();
        assertThat(new SourceEstimate("last", 15, 0, 0, filter).hasUsableStratum()).isTrue();
        assertThat(new SourceEstimate("unsync", 16, 0, 0, filter).hasUsableStratum()).isFalse();
        assertThat(new SourceEstimate("odd", 255, 0, 0, filter).hasUsableStratum()).isFalse();
    }

    @Test
    void fromReplyTakesStratumRootDelayAndDispersionFromTheHeader() {
        NtpPacket reply = new NtpPacket(NtpPacket.LEAP_NONE, 4, NtpPacket.MODE_SERVER, 3, 6, -20,
                NtpShort.ofSeconds(0.25), NtpShort.ofSeconds(0.125), 0, NtpTimestamp.ZERO, NtpTimestamp.ZERO,
                NtpTimestamp.ZERO, NtpTimestamp.ZERO);
        FilterOutput filter = new FilterOutput(0, 0, 0, 0, T0, T0);

        SourceEstimate source = SourceEstimate.fromReply("192.0.2.1", reply, filter);

        assertThat(source.stratum()).isEqualTo(3);
        assertThat(source.rootDelayNanos()).isEqualTo(250 * MS);
        assertThat(source.rootDispersionNanos()).isEqualTo(125 * MS);
        // 250 / 2 + 125 = 250 ms.
        assertThat(source.rootDistance(T0)).isEqualTo(250 * MS);
    }

    @Test
    void theRecordsRefuseNonsenseNamingIt() {
        FilterOutput filter = new FilterOutput(0, 0, 0, 0, T0, T0);
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceEstimate("a", 256, 0, 0, filter))
                .withMessageContaining("got 256 for a");
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceEstimate("a", 1, -1, 0, filter))
                .withMessageContaining("got -1 ns for a");
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceEstimate("a", 1, 0, -3, filter))
                .withMessageContaining("got -3 ns for a");
        assertThatIllegalArgumentException().isThrownBy(() -> new FilterOutput(0, 0, 0, -4, T0, T0))
                .withMessageContaining("jitter must not be negative, got -4 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> new FilterOutput(0, 0, 0, 0, T0, T0 - 1))
                .withMessageContaining("asOf (" + (T0 - 1) + " ns)");
    }

    @Test
    void phiGrowthIsFifteenPpmRoundedUp() {
        assertThat(Rfc5905.phiGrowth(0)).isZero();
        assertThat(Rfc5905.phiGrowth(S)).isEqualTo(15_000);
        // 1 ns × 15e-6 = 0.000015 ns, rounded up to 1: an error bound never rounds down.
        assertThat(Rfc5905.phiGrowth(1)).isEqualTo(1);
        assertThat(Rfc5905.phiGrowth(Long.MAX_VALUE)).isEqualTo(138_350_580_552_822L);
        assertThatIllegalArgumentException().isThrownBy(() -> Rfc5905.phiGrowth(-1)).withMessageContaining("got -1");
    }
}
