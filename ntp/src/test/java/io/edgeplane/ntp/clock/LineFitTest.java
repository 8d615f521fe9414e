package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Weighted least squares in µs against s, so the slope is in ppm. */
class LineFitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void fitsAnExactLineWithASlopeInPpm() {
        List<OffsetPoint> points = List.of(new OffsetPoint(0, 3, 1), new OffsetPoint(10 * SECOND, 23, 1),
                new OffsetPoint(20 * SECOND, 43, 1));

        LineFit line = LineFit.of(points);

        assertThat(line.slope()).isCloseTo(2, within(1e-9));
        assertThat(line.at(30 * SECOND, line.slope())).isCloseTo(63, within(1e-9));
        assertThat(line.residual(points.get(1))).isCloseTo(0, within(1e-9));
        assertThat(line.chiSquare()).isCloseTo(0, within(1e-12));
        assertThat(line.hasSlope()).isTrue();
    }

    @Test
    void aPreciseMeasurementOutweighsAVagueOne() {
        List<OffsetPoint> points = List.of(new OffsetPoint(0, 0, 1), new OffsetPoint(SECOND, 0, 1),
                new OffsetPoint(2 * SECOND, 0, 1), new OffsetPoint(3 * SECOND, 1000, 1000));

        LineFit line = LineFit.of(points);

        assertThat(Math.abs(line.slope())).isLessThan(0.01);
    }

    @Test
    void oneOrTwoPointsTrustTheirStatedErrors() {
        LineFit one = LineFit.of(List.of(new OffsetPoint(5, 7, 2)));
        assertThat(one.hasSlope()).isFalse();
        assertThat(one.slopeVariance()).isInfinite();
        assertThat(one.at(5 * SECOND, 3)).isCloseTo(7 + 3 * 5 * (1 - 1e-9), within(1e-6));

        LineFit two = LineFit.of(List.of(new OffsetPoint(0, 0, 1), new OffsetPoint(SECOND, 1, 1)));
        assertThat(two.chiSquare()).isEqualTo(1);
        // Two points a second apart, each ±1 µs: the slope is ±√2 ppm.
        assertThat(two.slopeVariance()).isCloseTo(2, within(1e-9));
    }

    @Test
    void noPointsNoLine() {
        assertThatIllegalStateException().isThrownBy(() -> LineFit.of(List.of()))
                .withMessage("no offset samples to fit a line through");
    }
}
