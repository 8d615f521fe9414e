package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The correction between two updates: frequency term, bounded slew, and never backwards. */
class CorrectionSegmentTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFrequencyTermTakesTheClocksGainBackOut() {
        CorrectionSegment segment = CorrectionSegment.steady(10 * SECOND, 7, 50, 500);

        assertThat(segment.correctionAt(10 * SECOND)).isEqualTo(7);
        assertThat(segment.correctionAt(11 * SECOND)).isEqualTo(7 - 50_000);
        assertThat(segment.correctionAt(110 * SECOND)).isEqualTo(7 - 5_000_000);
        assertThat(segment.remainingSlewAt(110 * SECOND)).isZero();
    }

    @Test
    void anOffsetIsSlewedOutAtTheBoundedRateAndThenStops() {
        CorrectionSegment forward = new CorrectionSegment(0, 0, 0, 1_000_000, 500);

        assertThat(forward.correctionAt(SECOND)).isEqualTo(500_000);
        assertThat(forward.remainingSlewAt(SECOND)).isEqualTo(500_000);
        assertThat(forward.correctionAt(2 * SECOND)).isEqualTo(1_000_000);
        assertThat(forward.correctionAt(100 * SECOND)).isEqualTo(1_000_000);
        assertThat(forward.remainingSlewAt(100 * SECOND)).isZero();

        CorrectionSegment backward = new CorrectionSegment(0, 0, 0, -1_000_000, 500);
        assertThat(backward.correctionAt(SECOND)).isEqualTo(-500_000);
        assertThat(backward.remainingSlewAt(SECOND)).isEqualTo(-500_000);
        assertThat(backward.correctionAt(3 * SECOND)).isEqualTo(-1_000_000);
    }

    @Test
    void beforeItsStartOnlyTheFrequencyTermIsExtrapolated() {
        CorrectionSegment segment = new CorrectionSegment(SECOND, 100, 10, 1_000_000, 500);

        assertThat(segment.correctionAt(0)).isEqualTo(100 + 10_000);
        assertThat(segment.remainingSlewAt(0)).isEqualTo(1_000_000);
    }

    @Test
    void theTimeScaleNeverReadsBackwardsEvenNanosecondByNanosecond() {
        // Fastest possible decrease: a clock gaining 500 ppm while a negative offset is slewed at 500 ppm.
        CorrectionSegment segment = new CorrectionSegment(0, 0, 500, -SECOND, 500);
        long previous = Long.MIN_VALUE;
        for (long t = 0; t < 200_000; t++) {
            long time = t + segment.correctionAt(t);
            assertThat(time).isGreaterThanOrEqualTo(previous);
            previous = time;
        }
    }

    @Test
    void nextCarriesTheSlewRateOn() {
        CorrectionSegment next = CorrectionSegment.steady(0, 0, 0, 250).next(SECOND, 5, -3, 42);

        assertThat(next).isEqualTo(new CorrectionSegment(SECOND, 5, -3, 42, 250));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CorrectionSegment(0, 0, Double.NaN, 0, 500))
                .withMessage("frequency must be a finite number of ppm, got NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> new CorrectionSegment(0, 0, 0, 0, 0))
                .withMessage("slew rate must be above 0 and below 1e6 ppm, got 0.0");
    }
}
