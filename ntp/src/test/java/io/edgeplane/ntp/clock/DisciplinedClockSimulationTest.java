package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeplane.ntp.clock.PollSimulation.Poll;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The time scale over simulated hosts whose clocks gain or lose and start off, measured every 64 s as an NTP
 * client would, for a few simulated hours (a bounded loop, no sleeping; this machine's clock is never touched).
 */
class DisciplinedClockSimulationTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final MakestepPolicy MAKESTEP_1S_3 = new MakestepPolicy(SECOND, 3);
    /** Four hours of 64 s polls; the last hour's 56 are judged. */
    private static final int POLLS = 225;
    private static final int LAST_HOUR = 56;

    static Stream<Arguments> hosts() {
        return Stream.of(50e-6, -200e-6, 0.0).flatMap(e -> Stream.of(300 * MS, -2 * SECOND, 40 * MS)
                .map(offset -> Arguments.of(e, offset)));
    }

    @ParameterizedTest(name = "e = {0}, wall clock off by {1} ns")
    @MethodSource("hosts")
    void convergesWithinAMillisecondAndMeasuresTheFrequency(double rateError, long initialOffsetNanos) {
        SimulatedHost host = new SimulatedHost(rateError, initialOffsetNanos);
        PollSimulation simulation = new PollSimulation(host, new ClockDiscipline(MAKESTEP_1S_3, Optional.empty()),
                42, 100_000, 0.02).run(POLLS);
        List<Poll> polls = simulation.polls();

        boolean beyondThreshold = Math.abs(initialOffsetNanos) > SECOND;
        assertThat(polls.getFirst().adjustment()).isInstanceOf(
                beyondThreshold ? ClockAdjustment.Step.class : ClockAdjustment.Slew.class);
        assertThat(simulation.clock().state().steps()).isEqualTo(beyondThreshold ? 1 : 0);
        // The requirement is 1 ms and 1-2 ppm; with 100 µs of noise it does far better, and is held to that.
        assertThat(polls.subList(POLLS - LAST_HOUR, POLLS))
                .allSatisfy(p -> assertThat(Math.abs(p.worstErrorNanos())).isLessThan(250_000));
        assertThat(simulation.clock().frequencyPpm()).isCloseTo(host.gainPpm(), within(0.1));
        assertThat(simulation.backwardsReadings()).isZero();
        assertThat(simulation.slewBoundViolations()).isZero();
        assertThat(simulation.fastestSlewPpm()).isLessThanOrEqualTo(DisciplinedClock.MAX_SLEW_RATE_PPM + 1e-3);
        // After the first hour, an outlier (20 to 200 ms) is held and nothing else is.
        assertThat(polls.subList(LAST_HOUR, POLLS)).allSatisfy(p -> assertThat(
                p.adjustment() instanceof ClockAdjustment.Hold).isEqualTo(Math.abs(p.measuredOffsetNanos()) > 10 * MS));
        assertThat(polls).anyMatch(p -> p.adjustment() instanceof ClockAdjustment.Hold);
    }

    @Test
    void twoSecondsOffIsSteppedInTheFirstUpdate() {
        SimulatedHost host = new SimulatedHost(-200e-6, -2 * SECOND);
        List<Poll> polls = PollSimulation.quiet(host, new ClockDiscipline(MAKESTEP_1S_3, Optional.empty()))
                .run(3).polls();

        assertThat(polls.getFirst().adjustment()).isInstanceOfSatisfying(ClockAdjustment.Step.class,
                step -> assertThat(step.offsetNanos()).isEqualTo(2 * SECOND));
        // Only what the unknown -200 ppm drifted in the 30 ms between measuring and updating is left: 6 µs.
        assertThat(polls.getFirst().errorAfterUpdateNanos()).isCloseTo(6000, within(1000L));
        // The first poll drifts at the unknown -200 ppm (12.8 ms); from the second the frequency is measured.
        assertThat(polls.get(1).adjustment()).isInstanceOf(ClockAdjustment.Slew.class);
        assertThat(polls.get(2).worstErrorNanos()).isCloseTo(0, within(1000L));
    }

    @Test
    void threeHundredMillisecondsAreSlewedAtFiveHundredPpm() {
        SimulatedHost host = new SimulatedHost(50e-6, 300 * MS);
        PollSimulation simulation = PollSimulation.quiet(host, new ClockDiscipline(MAKESTEP_1S_3, Optional.empty()))
                .run(30);
        List<Poll> polls = simulation.polls();

        assertThat(polls.getFirst().adjustment()).isInstanceOfSatisfying(ClockAdjustment.Slew.class,
                slew -> assertThat(slew.offsetNanos()).isEqualTo(-300 * MS));
        assertThat(simulation.clock().state().steps()).isZero();
        // 300 ms at 0.5 ms/s: 600 s, during the tenth poll (576 to 640 s); the eleventh is all within 1 ms.
        assertThat(firstPollWithin(polls, MS)).isEqualTo(10);
        assertThat(simulation.fastestSlewPpm()).isCloseTo(DisciplinedClock.MAX_SLEW_RATE_PPM, within(1e-3));
        assertThat(simulation.backwardsReadings()).isZero();
        assertThat(simulation.slewBoundViolations()).isZero();
    }

    @Test
    void withoutMakestepTwoSecondsAheadAreSlewedBackWithoutEverReadingBackwards() {
        SimulatedHost host = new SimulatedHost(0, 2 * SECOND);
        PollSimulation simulation = PollSimulation.quiet(host, new ClockDiscipline(MakestepPolicy.NEVER,
                Optional.empty())).run(80);

        assertThat(simulation.clock().state().steps()).isZero();
        assertThat(simulation.backwardsReadings()).isZero();
        assertThat(simulation.slewBoundViolations()).isZero();
        // 2 s at 0.5 ms/s: 4000 s, during the 63rd poll (3968 to 4032 s); the 64th is all within 1 ms.
        assertThat(firstPollWithin(simulation.polls(), MS)).isEqualTo(63);
    }

    @Test
    void anExternalStepOfTheSystemClockIsHeldForTheStepoutIntervalThenSlewedOut() {
        SimulatedHost host = new SimulatedHost(50e-6, 300 * MS);
        PollSimulation simulation = new PollSimulation(host, new ClockDiscipline(MAKESTEP_1S_3, Optional.empty()),
                7, 100_000, 0).run(112);

        host.stepWall(500 * MS);
        List<Poll> after = simulation.run(112).polls().subList(112, 224);

        int believed = indexOfFirst(after, ClockAdjustment.Slew.class);
        assertThat(believed).as("900 s of stepout at 64 s polls").isEqualTo(15);
        assertThat(((ClockAdjustment.Slew) after.get(believed).adjustment()).offsetNanos())
                .isCloseTo(-500 * MS, within(MS));
        assertThat(simulation.clock().state().steps()).as("makestep's three updates are long past").isZero();
        assertThat(after.subList(after.size() - LAST_HOUR, after.size()))
                .allSatisfy(p -> assertThat(Math.abs(p.worstErrorNanos())).isLessThan(MS));
    }

    @Test
    void aChangeOfTheClocksFrequencyIsFollowed() {
        SimulatedHost host = new SimulatedHost(50e-6, 40 * MS);
        PollSimulation simulation = new PollSimulation(host, new ClockDiscipline(MAKESTEP_1S_3, Optional.empty()),
                9, 100_000, 0).run(112);

        host.changeRateError(45e-6);
        List<Poll> after = simulation.run(112).polls().subList(112, 224);

        assertThat(simulation.clock().frequencyPpm()).isCloseTo(host.gainPpm(), within(0.1));
        assertThat(after.subList(after.size() - LAST_HOUR, after.size()))
                .allSatisfy(p -> assertThat(Math.abs(p.worstErrorNanos())).isLessThan(MS));
    }

    @Test
    void theDriftFilesFrequencySparesTheFirstPollsDrift() {
        SimulatedHost primedHost = new SimulatedHost(-200e-6, 10 * MS);
        Drift drift = new Drift(primedHost.gainPpm(), 0.05);
        List<Poll> primed = PollSimulation.quiet(primedHost,
                new ClockDiscipline(MAKESTEP_1S_3, Optional.of(drift))).run(2).polls();
        List<Poll> unprimed = PollSimulation.quiet(new SimulatedHost(-200e-6, 10 * MS),
                new ClockDiscipline(MAKESTEP_1S_3, Optional.empty())).run(2).polls();

        assertThat(primed.get(1).measuredOffsetNanos()).isCloseTo(0, within(1000L));
        assertThat(unprimed.get(1).measuredOffsetNanos()).isCloseTo(Math.round(200e-6 * 64 * SECOND), within(50_000L));
    }

    /** The index of the first poll from which on the time scale stays within {@code boundNanos}. */
    private static int firstPollWithin(List<Poll> polls, long boundNanos) {
        int first = polls.size();
        while (first > 0 && Math.abs(polls.get(first - 1).worstErrorNanos()) < boundNanos) {
            first--;
        }
        return first;
    }

    private static int indexOfFirst(List<Poll> polls, Class<? extends ClockAdjustment> type) {
        for (int i = 0; i < polls.size(); i++) {
            if (type.isInstance(polls.get(i).adjustment())) {
                return i;
            }
        }
        return -1;
    }
}
