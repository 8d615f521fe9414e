package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The decisions for synthetic measurements of a clock that is never corrected (correction 0), so the free-running
 * offset is the measured one: a clock gaining {@code gainPpm} shows offsets falling by that many µs per second.
 */
class ClockDisciplineTest {

    private static final long POLL = 64_000_000_000L;
    private static final long MS = 1_000_000L;

    private final ClockDiscipline discipline = new ClockDiscipline(MakestepPolicy.NEVER, Optional.empty());

    @Test
    void measuresTheFrequencyAsTheSlopeOfTheOffsets() {
        ClockAdjustment last = null;
        for (int i = 0; i < 20; i++) {
            last = discipline.update(sample(i * POLL, 1_000_000 - Math.round(37e-6 * i * POLL)));
        }

        assertThat(discipline.frequencyPpm()).isCloseTo(37, within(1e-6));
        assertThat(last).isInstanceOf(ClockAdjustment.Slew.class);
        ClockAdjustment.Slew slew = (ClockAdjustment.Slew) last;
        assertThat(slew.frequencyPpm()).isCloseTo(37, within(1e-6));
        assertThat(slew.offsetNanos()).isCloseTo(1_000_000 - Math.round(37e-6 * 19 * POLL), within(2L));
        assertThat(slew.atMonotonicNanos()).isEqualTo(19 * POLL);
        assertThat(discipline.drift()).hasValueSatisfying(d -> assertThat(d.frequencyPpm()).isCloseTo(37, within(1e-6)));
        assertThat(discipline.updates()).isEqualTo(20);
        assertThat(discipline.samples()).isEqualTo(20);
    }

    @Test
    void theOffsetIsWhatTheCorrectionAlreadyAppliedDoesNotCover() {
        ClockAdjustment adjustment = discipline.update(new ClockSample(0, 30 * MS, 270 * MS, 100_000));

        assertThat(adjustment).isEqualTo(new ClockAdjustment.Slew(0, 30 * MS, 0));
    }

    @Test
    void startsFromTheDriftFilesFrequencyAndBlendsItOut() {
        ClockDiscipline primed = new ClockDiscipline(MakestepPolicy.NEVER, Optional.of(new Drift(-12.5, 0.2)));
        assertThat(primed.frequencyPpm()).isEqualTo(-12.5);
        assertThat(primed.frequencyErrorPpm()).as("never trusted beyond 1 ppm").isEqualTo(1);
        assertThat(primed.drift()).as("nothing measured yet").isEmpty();

        primed.update(sample(0, 0));
        assertThat(primed.frequencyPpm()).isEqualTo(-12.5);
        assertThat(primed.drift()).isEmpty();

        // The clock really gains 10 ppm: after an hour of 100 µs measurements the prior weighs nothing.
        for (int i = 1; i < 60; i++) {
            primed.update(sample(i * POLL, -Math.round(10e-6 * i * POLL) + (i % 2 == 0 ? 100_000 : -100_000)));
        }
        assertThat(primed.frequencyPpm()).isCloseTo(10, within(0.05));
        assertThat(primed.drift()).isPresent();
    }

    @Test
    void withoutADriftFileTheFrequencyStartsAtZeroAndIsUnknown() {
        assertThat(discipline.frequencyPpm()).isZero();
        assertThat(discipline.frequencyErrorPpm()).isEqualTo(ClockDiscipline.MAX_FREQUENCY_PPM);
        assertThat(discipline.drift()).isEmpty();
    }

    @Test
    void makestepStepsOnlyInTheFirstUpdatesAndCountsSlewsToo() {
        ClockDiscipline stepping = new ClockDiscipline(new MakestepPolicy(MS, 2), Optional.empty());

        assertThat(stepping.update(sample(0, 5 * MS))).isInstanceOf(ClockAdjustment.Step.class);
        assertThat(stepping.update(sample(POLL, 5 * MS))).isInstanceOf(ClockAdjustment.Step.class);
        assertThat(stepping.update(sample(2 * POLL, 5 * MS))).isInstanceOf(ClockAdjustment.Slew.class);

        ClockDiscipline always = new ClockDiscipline(new MakestepPolicy(MS, MakestepPolicy.ALWAYS), Optional.empty());
        for (int i = 0; i < 10; i++) {
            assertThat(always.update(sample(i * POLL, 5 * MS))).isInstanceOf(ClockAdjustment.Step.class);
        }
        ClockDiscipline small = new ClockDiscipline(new MakestepPolicy(MS, 2), Optional.empty());
        assertThat(small.update(sample(0, MS / 2))).as("below the threshold").isInstanceOf(ClockAdjustment.Slew.class);
        assertThat(small.update(sample(POLL, 5 * MS))).as("second update, above").isInstanceOf(ClockAdjustment.Step.class);
    }

    @Test
    void aSpikeIsHeldAndDoesNotCountAsAnUpdate() {
        feedSteady(10);

        ClockAdjustment spike = discipline.update(sample(10 * POLL, 50 * MS));

        assertThat(spike).isInstanceOf(ClockAdjustment.Hold.class);
        ClockAdjustment.Hold hold = (ClockAdjustment.Hold) spike;
        assertThat(hold.residualNanos()).isCloseTo(50 * MS, within(100_000L));
        assertThat(hold.limitNanos()).isGreaterThanOrEqualTo(MS).isLessThan(50 * MS);
        assertThat(discipline.updates()).isEqualTo(10);
        assertThat(discipline.samples()).isEqualTo(10);
        assertThat(discipline.update(sample(11 * POLL, 0))).isInstanceOf(ClockAdjustment.Slew.class);
    }

    @Test
    void anOffsetThatPersistsForTheStepoutIntervalIsBelieved() {
        feedSteady(10);
        List<ClockAdjustment> after = new ArrayList<>();
        for (int i = 10; i < 30; i++) {
            after.add(discipline.update(sample(i * POLL, 20 * MS)));
        }

        // 900 s of stepout at 64 s polls: the 15th measurement since the jump is the first one believed.
        assertThat(after.subList(0, 15)).allMatch(a -> a instanceof ClockAdjustment.Hold);
        assertThat(after.get(15)).isInstanceOf(ClockAdjustment.Slew.class);
        assertThat(((ClockAdjustment.Slew) after.get(15)).offsetNanos()).isCloseTo(20 * MS, within(1000L));
        assertThat(after.subList(16, 20)).allMatch(a -> a instanceof ClockAdjustment.Slew);
    }

    @Test
    void scatteredOutliersAreNeverBelieved() {
        feedSteady(10);
        for (int i = 10; i < 60; i++) {
            long outlier = (i * 7919L % 13 - 6) * 30 * MS + (i % 2 == 0 ? 5 * MS : -5 * MS);
            assertThat(discipline.update(sample(i * POLL, outlier))).isInstanceOf(ClockAdjustment.Hold.class);
        }
    }

    @Test
    void theFrequencyIsBoundedToMaxfreq() {
        for (int i = 0; i < 10; i++) {
            discipline.update(sample(i * POLL, -Math.round(800e-6 * i * POLL)));
        }

        assertThat(discipline.frequencyPpm()).isEqualTo(ClockDiscipline.MAX_FREQUENCY_PPM);
    }

    @Test
    void refusesAMeasurementOlderThanTheLastOneHeldOrNot() {
        feedSteady(10);
        assertThat(discipline.update(sample(11 * POLL, 50 * MS))).isInstanceOf(ClockAdjustment.Hold.class);

        assertThatIllegalArgumentException().isThrownBy(() -> discipline.update(sample(10 * POLL, 0)))
                .withMessage("offset sample at monotonic 640000000000 ns is older than the newest one at"
                        + " 704000000000 ns");
    }

    @Test
    void refusesAMeasurementOlderThanTheLastOne() {
        discipline.update(sample(POLL, 0));

        assertThatIllegalArgumentException().isThrownBy(() -> discipline.update(sample(0, 0)))
                .withMessage("offset sample at monotonic 0 ns is older than the newest one at 64000000000 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClockSample(0, 0, 0, -1))
                .withMessage("measurement error must be 0 ns or more, got -1");
    }

    private void feedSteady(int count) {
        for (int i = 0; i < count; i++) {
            discipline.update(sample(i * POLL, i % 2 == 0 ? 50_000 : -50_000));
        }
    }

    private static ClockSample sample(long monotonicNanos, long offsetNanos) {
        return new ClockSample(monotonicNanos, offsetNanos, 0, 100_000);
    }
}
