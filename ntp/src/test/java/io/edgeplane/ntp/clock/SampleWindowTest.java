package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The history the estimate rests on: bounded, without outliers, and without a past that no longer fits. */
class SampleWindowTest {

    private static final long POLL = 64_000_000_000L;

    @Test
    void keepsTheNewestSixtyFour() {
        SampleWindow window = new SampleWindow();
        for (int i = 0; i < 100; i++) {
            window.add(new OffsetPoint(i * POLL, 0, 100));
        }

        assertThat(window.size()).isEqualTo(SampleWindow.MAX_SAMPLES);
        assertThat(window.fit().originNanos()).isEqualTo(99 * POLL);
    }

    @Test
    void dropsAnOutlierAndKeepsTheRest() {
        SampleWindow window = new SampleWindow();
        Random random = new Random(3);
        for (int i = 0; i < 30; i++) {
            double outlier = i == 17 ? 40_000 : 0;
            window.add(new OffsetPoint(i * POLL, 1000 + 20.0 * i * 64 + random.nextGaussian() * 100 + outlier, 100));
        }

        assertThat(window.prune()).isEqualTo(1);
        assertThat(window.size()).isEqualTo(29);
        assertThat(window.fit().slope()).isCloseTo(20, within(0.1));
    }

    @Test
    void forgetsTheHistoryOfAnotherFrequency() {
        SampleWindow window = new SampleWindow();
        Random random = new Random(5);
        for (int i = 0; i < 60; i++) {
            // The frequency changes by 3 ppm at sample 40: 192 µs per poll, all of it within the outlier floor.
            double offset = i < 40 ? 0 : -3.0 * (i - 40) * 64;
            window.add(new OffsetPoint(i * POLL, offset + random.nextGaussian() * 20, 20));
        }

        window.prune();

        assertThat(window.size()).isLessThanOrEqualTo(30);
        assertThat(window.fit().slope()).isCloseTo(-3, within(0.1));
    }

    @Test
    void keepsTheWholeHistoryOfASteadyClock() {
        SampleWindow window = new SampleWindow();
        Random random = new Random(11);
        for (int i = 0; i < 64; i++) {
            window.add(new OffsetPoint(i * POLL, -7.0 * i * 64 + random.nextGaussian() * 100, 100));
        }

        assertThat(window.prune()).isZero();
        assertThat(window.size()).isEqualTo(64);
    }

    @Test
    void theOutlierLimitHasAFloorAndGrowsWithTheScatter() {
        assertThat(SampleWindow.outlierLimitMicros(100, 0, 0)).isEqualTo(SampleWindow.OUTLIER_FLOOR_MICROS);
        assertThat(SampleWindow.outlierLimitMicros(1000, 1, 0)).isEqualTo(5000);
        assertThat(SampleWindow.outlierLimitMicros(0, 0, 4_000_000)).isEqualTo(10_000);
    }

    @Test
    void refusesToGoBackInTime() {
        SampleWindow window = new SampleWindow();
        window.add(new OffsetPoint(POLL, 0, 1));

        assertThatIllegalArgumentException().isThrownBy(() -> window.add(new OffsetPoint(0, 0, 1)))
                .withMessage("offset sample at monotonic 0 ns is older than the newest one at 64000000000 ns");
    }
}
