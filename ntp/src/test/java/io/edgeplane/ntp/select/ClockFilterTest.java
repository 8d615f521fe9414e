package io.edgeplane.ntp.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.ntp.select.ClockFilter.Verdict;
import org.junit.jupiter.api.Test;

/** RFC 5905 §10's clock filter: least delay wins, dispersion weighs and ages, no sample serves twice, spikes wait. */
class ClockFilterTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    /** Monotonic time is any long; start away from zero so that nothing leans on it. */
    private static final long T0 = 1_000 * S;
    private static final long PRECISION = 1_000;
    private static final long NO_SPIKE_GATE = 0;
    private static final long TWO_POLLS = 128 * S;

    private static ClockSample sample(long offset, long delay, long dispersion, long takenAt) {
        return new ClockSample(offset, delay, dispersion, takenAt);
    }

    @Test
    void nothingToSayUntilASampleIsUsed() {
        ClockFilter filter = new ClockFilter(PRECISION, TWO_POLLS);
        assertThat(filter.output(T0)).isEmpty();
    }

    @Test
    void theLeastDelaySampleIsChosenAndTheRegisterWeighsInByDelay() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        ClockSample s1 = sample(2 * MS, 30 * MS, 0, T0);
        ClockSample s2 = sample(1 * MS, 10 * MS, 0, T0 + 64 * S);
        ClockSample s3 = sample(3 * MS, 20 * MS, 0, T0 + 128 * S);
        ClockSample s4 = sample(1_500 * US, 40 * MS, 0, T0 + 192 * S);

        assertThat(filter.add(s1)).isEqualTo(Verdict.USED);
        assertThat(filter.add(s2)).isEqualTo(Verdict.USED);
        // s2 is still the quickest, and it has been used: nothing changes.
        assertThat(filter.add(s3)).isEqualTo(Verdict.NOT_NEWER);
        assertThat(filter.add(s4)).isEqualTo(Verdict.NOT_NEWER);

        FilterOutput out = filter.output(T0 + 192 * S).orElseThrow();
        assertThat(out.offsetNanos()).isEqualTo(1 * MS);
        assertThat(out.delayNanos()).isEqualTo(10 * MS);
        assertThat(out.sampleTimeNanos()).isEqualTo(T0 + 64 * S);
        assertThat(out.asOfNanos()).isEqualTo(T0 + 192 * S);
        // Aged at 15 ppm to T0 + 192 s: s2 by 128 s = 1.92 ms, s3 by 64 s = 0.96 ms, s1 by 192 s = 2.88 ms, s4 by 0.
        // In order of delay (s2, s3, s1, s4, then four empty stages at 16 s):
        //   1.92/2 + 0.96/4 + 2.88/8 + 0/16 ms + 16 s × (1/32 + 1/64 + 1/128 + 1/256)
        //   = 0.96 + 0.24 + 0.36 ms + 0.9375 s = 939.06 ms.
        assertThat(out.dispersionNanos()).isEqualTo(939_060_000L);
        // About s2's 1 ms: s1 +1, s3 +2, s4 +0.5 ms; (1 + 4 + 0.25) / 3 = 1.75 ms², √1.75 = 1.3228756 ms, rounded up.
        assertThat(out.jitterNanos()).isEqualTo(1_322_876L);
    }

    @Test
    void emptyStagesCountAsMaxdispSoFourSamplesBringTheDispersionUnderASecond() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        filter.add(sample(0, 10 * MS, 0, T0));
        // 0/2 + 16 s × (1/4 + ... + 1/256) = 16 × 127/256 = 7.9375 s.
        assertThat(filter.output(T0).orElseThrow().dispersionNanos()).isEqualTo(7_937_500_000L);

        for (int i = 1; i < 4; i++) {
            filter.add(sample(0, 10 * MS + i, 0, T0));
        }
        // 16 s × (1/32 + 1/64 + 1/128 + 1/256) = 16 × 15/256 = 0.9375 s: under MAXDIST from the fourth sample.
        assertThat(filter.output(T0).orElseThrow().dispersionNanos()).isEqualTo(937_500_000L);

        for (int i = 4; i < 8; i++) {
            filter.add(sample(0, 10 * MS + i, 0, T0));
        }
        assertThat(filter.output(T0).orElseThrow().dispersionNanos()).isZero();
    }

    @Test
    void dispersionGrowsAtPhiUntilTheStageAgesOutAtMaxdisp() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        filter.add(sample(5 * MS, 10 * MS, 1_000, T0));

        // 1000/2 ns + 7.9375 s.
        assertThat(filter.output(T0).orElseThrow().dispersionNanos()).isEqualTo(7_937_500_500L);
        // 1000 s later the stage holds 1000 ns + 15 ms, weighted 1/2: 7,500,500 ns + 7.9375 s.
        assertThat(filter.output(T0 + 1_000 * S).orElseThrow().dispersionNanos()).isEqualTo(7_945_000_500L);
        // 16 s / 15 ppm = 1,066,666.7 s: then the stage is a dummy too, 16 s × 255/256 = 15.9375 s. The offset
        // stays what it was (RFC 5905 §10: the peer variables keep their last values).
        FilterOutput old = filter.output(T0 + 1_066_667 * S).orElseThrow();
        assertThat(old.dispersionNanos()).isEqualTo(15_937_500_000L);
        assertThat(old.offsetNanos()).isEqualTo(5 * MS);
        assertThat(old.jitterNanos()).isEqualTo(PRECISION);
    }

    @Test
    void jitterIsAtLeastThePrecision() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        filter.add(sample(7 * MS, 10 * MS, 0, T0));
        assertThat(filter.output(T0).orElseThrow().jitterNanos()).isEqualTo(PRECISION);
        // Two offsets 400 ns apart: √(400² / 1) = 400 ns, below the 1000 ns precision.
        filter.add(sample(7 * MS + 400, 9 * MS, 0, T0 + S));
        assertThat(filter.output(T0 + S).orElseThrow().jitterNanos()).isEqualTo(PRECISION);
    }

    @Test
    void aQuickSampleIsNotUsedTwiceAndGoesWhenItIsShiftedOut() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        assertThat(filter.add(sample(7 * MS, 1 * MS, 0, T0))).isEqualTo(Verdict.USED);
        for (int i = 1; i <= 7; i++) {
            assertThat(filter.add(sample(i * MS, (9 + i) * MS, 0, T0 + i * 64 * S))).isEqualTo(Verdict.NOT_NEWER);
        }
        assertThat(filter.output(T0 + 7 * 64 * S).orElseThrow().offsetNanos()).isEqualTo(7 * MS);

        // The ninth sample pushes the first out; the quickest left is the second (10 ms, offset 1 ms), newer.
        assertThat(filter.add(sample(8 * MS, 17 * MS, 0, T0 + 8 * 64 * S))).isEqualTo(Verdict.USED);
        FilterOutput out = filter.output(T0 + 8 * 64 * S).orElseThrow();
        assertThat(out.offsetNanos()).isEqualTo(1 * MS);
        assertThat(out.delayNanos()).isEqualTo(10 * MS);
    }

    /** Four quiet samples, 64 s apart, each quicker than the last: s0 0, s1 +100, s2 -100, s3 +100 µs. */
    private static ClockFilter quietFilter(long spikeWindow) {
        ClockFilter filter = new ClockFilter(PRECISION, spikeWindow);
        long[] offsets = {0, 100 * US, -100 * US, 100 * US};
        for (int i = 0; i < offsets.length; i++) {
            // Fewer than four other stages: the gate is open, every sample is used.
            assertThat(filter.add(sample(offsets[i], (50 - i) * MS, 0, T0 + i * 64 * S))).isEqualTo(Verdict.USED);
        }
        return filter;
    }

    @Test
    void aPopcornSpikeIsHeldBackUntilItPersists() {
        ClockFilter filter = quietFilter(TWO_POLLS);

        // +50 ms, and the quickest yet, 64 s after s3. The others about s3's +100 µs: s2 -200, s1 0, s0 -100 µs;
        // √((4 + 0 + 1) × 10⁴ / 3) = 129.1 µs; 3 × 129.1 = 387 µs, far below the 49.9 ms jump.
        assertThat(filter.add(sample(50 * MS, 10 * MS, 0, T0 + 256 * S))).isEqualTo(Verdict.POPCORN_SPIKE);
        assertThat(filter.output(T0 + 256 * S).orElseThrow().offsetNanos()).isEqualTo(100 * US);

        // The jump persists (+50.05 ms, slower). Now the others include it: √((49.95² + …) / 4) ≈ 25 ms, and
        // 3 × 25 = 75 ms passes the 49.9 ms jump: the quickest sample, the first at +50 ms, is used.
        assertThat(filter.add(sample(50_050 * US, 46 * MS, 0, T0 + 320 * S))).isEqualTo(Verdict.USED);
        assertThat(filter.output(T0 + 320 * S).orElseThrow().offsetNanos()).isEqualTo(50 * MS);
    }

    @Test
    void aJumpAfterTheSpikeWindowIsAStepNotASpike() {
        // The same jump two polls (128 s) after the last sample used: no longer "less than" the window.
        ClockFilter filter = quietFilter(TWO_POLLS);
        assertThat(filter.add(sample(50 * MS, 10 * MS, 0, T0 + 320 * S))).isEqualTo(Verdict.USED);
    }

    @Test
    void aZeroSpikeWindowTurnsTheGateOff() {
        ClockFilter filter = quietFilter(NO_SPIKE_GATE);
        assertThat(filter.add(sample(50 * MS, 10 * MS, 0, T0 + 256 * S))).isEqualTo(Verdict.USED);
    }

    @Test
    void aSampleAlreadyAtMaxdispIsNoSample() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        assertThat(filter.add(sample(0, 10 * MS, Rfc5905.MAXDISP_NANOS, T0))).isEqualTo(Verdict.NO_VALID_SAMPLE);
        assertThat(filter.output(T0)).isEmpty();
    }

    @Test
    void timeMustNotRunBackwards() {
        ClockFilter filter = new ClockFilter(PRECISION, NO_SPIKE_GATE);
        filter.add(sample(0, 10 * MS, 0, T0));
        assertThatIllegalArgumentException().isThrownBy(() -> filter.add(sample(0, 10 * MS, 0, T0 - 1)))
                .withMessageContaining(String.valueOf(T0 - 1)).withMessageContaining(String.valueOf(T0));
        assertThatIllegalArgumentException().isThrownBy(() -> filter.output(T0 - 5))
                .withMessageContaining("now (" + (T0 - 5) + " ns)");
    }

    @Test
    void constructorRefusesNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClockFilter(0, 0)).withMessageContaining("got 0 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClockFilter(1, -1))
                .withMessageContaining("got -1 ns");
    }
}
