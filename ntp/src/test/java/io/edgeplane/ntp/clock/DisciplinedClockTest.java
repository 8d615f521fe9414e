package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The time scale's contract: signs, reading, steps, state; over a host whose clock is exact unless said. */
class DisciplinedClockTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final SimulatedHost host = new SimulatedHost(0, 0);
    private final DisciplinedClock clock = new DisciplinedClock(
            new ClockDiscipline(new MakestepPolicy(SECOND, 3), Optional.empty()), host::monotonicNanos, host::wallNanos);

    @Test
    void beforeAnyUpdateItIsTheSystemClock() {
        host.advance(123 * SECOND);

        assertThat(clock.nowUnixNanos()).isEqualTo(host.wallNanos());
        ClockState state = clock.state();
        assertThat(state.synchronised()).isFalse();
        assertThat(state.lastUpdate()).isEmpty();
        assertThat(state.updates()).isZero();
        assertThat(state.correctionNanos()).isZero();
    }

    @Test
    void aPositiveOffsetMeansBehindAndMovesTheTimeScaleForward() {
        long measuredAt = host.monotonicNanos();
        ClockAdjustment adjustment = clock.update(200 * MS, measuredAt, 100_000);

        assertThat(adjustment).isInstanceOf(ClockAdjustment.Slew.class);
        assertThat(clock.state().remainingSlewNanos()).isEqualTo(200 * MS);
        host.advance(100 * SECOND);
        assertThat(clock.nowUnixNanos() - host.wallNanos()).isEqualTo(50 * MS);
        host.advance(400 * SECOND);
        assertThat(clock.nowUnixNanos() - host.wallNanos()).isEqualTo(200 * MS);
        assertThat(clock.state().remainingSlewNanos()).isZero();
    }

    @Test
    void aStepBeyondTheThresholdTakesEffectAtOnceBackwardsToo() {
        long before = clock.nowUnixNanos();
        ClockAdjustment adjustment = clock.update(-3 * SECOND, host.monotonicNanos(), 100_000);

        assertThat(adjustment).isEqualTo(new ClockAdjustment.Step(host.monotonicNanos(), -3 * SECOND, 0));
        assertThat(clock.nowUnixNanos()).isEqualTo(before - 3 * SECOND);
        ClockState state = clock.state();
        assertThat(state.steps()).isEqualTo(1);
        assertThat(state.lastOffsetNanos()).isEqualTo(-3 * SECOND);
        assertThat(state.synchronised()).isTrue();
        assertThat(state.lastUpdate()).hasValue(host.monotonicNanos());
    }

    @Test
    void aMeasurementTakenEarlierIsCarriedToNowAtTheNewFrequency() {
        long measuredAt = host.monotonicNanos();
        host.advance(10 * SECOND);

        clock.update(5 * SECOND, measuredAt, 100_000);

        assertThat(clock.nowUnixNanos() - host.wallNanos()).isEqualTo(5 * SECOND);
    }

    @Test
    void theTimeScaleIsAnInstantSource() {
        host.advance(SECOND + 1_234_567);
        Instant instant = clock.instant();

        assertThat(instant.getEpochSecond() * SECOND + instant.getNano()).isEqualTo(clock.nowUnixNanos());
        assertThat(clock.millis()).isEqualTo(Math.floorDiv(clock.nowUnixNanos(), MS));
        assertThat(instant).isEqualTo(Instant.parse("2026-01-01T00:00:01.001234567Z"));
    }

    @Test
    void aManualStepKeepsTheSlewGoingAndMakestepFinishesIt() {
        clock.update(100 * MS, host.monotonicNanos(), 100_000);
        host.advance(100 * SECOND);

        clock.step(-SECOND);
        assertThat(clock.nowUnixNanos() - host.wallNanos()).isEqualTo(50 * MS - SECOND);
        assertThat(clock.state().remainingSlewNanos()).isEqualTo(50 * MS);

        assertThat(clock.makestep()).isEqualTo(50 * MS);
        assertThat(clock.nowUnixNanos() - host.wallNanos()).isEqualTo(100 * MS - SECOND);
        assertThat(clock.state().remainingSlewNanos()).isZero();
        assertThat(clock.state().steps()).isEqualTo(2);
    }

    @Test
    void aHeldSpikeLeavesTheTimeScaleAlone() {
        for (int i = 0; i < 6; i++) {
            clock.update(0, host.monotonicNanos(), 100_000);
            host.advance(64 * SECOND);
        }
        ClockState before = clock.state();

        ClockAdjustment adjustment = clock.update(80 * MS, host.monotonicNanos(), 100_000);

        assertThat(adjustment).isInstanceOf(ClockAdjustment.Hold.class);
        assertThat(clock.state()).isEqualTo(before);
        assertThat(clock.nowUnixNanos()).isEqualTo(host.wallNanos());
    }

    @Test
    void theFrequencyIsTheSystemClocksGainAndTheTimeScaleRunsThatMuchSlower() {
        DisciplinedClock primed = new DisciplinedClock(
                new ClockDiscipline(MakestepPolicy.NEVER, Optional.of(new Drift(25, 0.1))),
                host::monotonicNanos, host::wallNanos);

        host.advance(1000 * SECOND);

        assertThat(primed.frequencyPpm()).isEqualTo(25);
        assertThat(primed.nowUnixNanos() - host.wallNanos()).isEqualTo(-25 * MS);
        assertThat(primed.state().frequencyPpm()).isEqualTo(25);
        assertThat(primed.drift()).isEmpty();
    }

    @Test
    void aMeasurementFromBeforeTheLastUpdateOrFromTheFutureIsRefused() {
        long first = host.monotonicNanos();
        host.advance(SECOND);
        clock.update(0, host.monotonicNanos(), 100_000);

        assertThatIllegalArgumentException().isThrownBy(() -> clock.update(0, first, 100_000))
                .withMessageStartingWith("measurement taken at monotonic 5000000000000 ns must be from the last"
                        + " clock update (5001000000000 ns) to now (5001000000000 ns)");
        assertThatIllegalArgumentException().isThrownBy(() -> clock.update(0, host.monotonicNanos() + 1, 100_000))
                .withMessageContaining("must be from the last clock update");
    }

    @Test
    void overTheSystemClockItReadsTheSystemClockBeforeAnyUpdate() {
        DisciplinedClock system = DisciplinedClock.overSystemClock(
                new ClockDiscipline(MakestepPolicy.NEVER, Optional.empty()));

        assertThat(system.millis()).isCloseTo(System.currentTimeMillis(), within(1000L));
    }
}
