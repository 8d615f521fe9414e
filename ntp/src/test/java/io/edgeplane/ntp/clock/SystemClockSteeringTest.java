package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeplane.ntp.clock.SystemClockSteering.Control;
import io.edgeplane.ntp.clock.SystemClockSteering.Synchronisation;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code discipline: system} against a simulated kernel clock: the time scale is measured every 64 s as an NTP
 * client would, the steering runs every second, and the system clock is judged against true time. Bounded loops
 * over simulated hours, no sleeping; this machine's clock is never touched.
 */
class SystemClockSteeringTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final MakestepPolicy MAKESTEP_1S_3 = new MakestepPolicy(SECOND, 3);
    private static final Synchronisation SYNCHRONISED = new Synchronisation(2 * MS, 100 * US);

    @Test
    void aGainingClockOffByThreeHundredMillisecondsIsSlewedInAndRunsAtTheRightRate() {
        Node node = new Node(new SimulatedSystemClock(50e-6, 300 * MS), MAKESTEP_1S_3);

        node.run(3 * 3600);
        node.resetWorst();
        node.run(3600);

        assertThat(node.worstErrorNanos).as("the system clock's error over the fourth hour").isLessThan(10 * US);
        assertThat(node.system.frequencyPpm()).as("the kernel frequency cancels the oscillator's gain")
                .isCloseTo(-node.system.gainPpm(), within(0.01));
        assertThat(node.system.steps()).isEmpty();
        assertThat(node.backwards).as("a slewed clock never reads backwards").isZero();
        assertThat(node.steering.status().control()).isEqualTo(Control.STEERED);
        assertThat(node.system.synchronised()).isTrue();
        assertThat(node.system.maxErrorNanos()).isEqualTo(SYNCHRONISED.maxErrorNanos());
    }

    @Test
    void theSlewNeverOutrunsFiveHundredPpm() {
        // 300 ms at 500 ppm takes 600 s: after 300 s about half is left.
        Node node = new Node(new SimulatedSystemClock(0, -300 * MS), MAKESTEP_1S_3);

        node.run(64 + 300);

        long error = node.system.realtimeNanos() - node.system.trueNanos();
        assertThat(error).isBetween(-300 * MS + 140 * MS, -300 * MS + 160 * MS);
        assertThat(node.system.steps()).isEmpty();
    }

    @Test
    void twoSecondsOffIsSteppedRightAfterTheTimeScaleSteps() {
        Node node = new Node(new SimulatedSystemClock(-200e-6, -2 * SECOND), MAKESTEP_1S_3);

        node.run(63);
        assertThat(node.system.steps()).isEmpty();
        node.run(1);

        // The 2 s it started behind and the 12.8 ms it lost at -200 ppm before the first measurement.
        assertThat(node.system.steps()).singleElement()
                .satisfies(step -> assertThat(step).isCloseTo(2 * SECOND + 12_800 * US, within(10 * US)));
        assertThat(node.steering.status().steps()).isEqualTo(1);
        node.run(3600);
        node.resetWorst();
        node.run(600);
        assertThat(node.worstErrorNanos).isLessThan(10 * US);
        assertThat(node.system.steps()).hasSize(1);
    }

    @Test
    void withoutThePrivilegeItSaysSoOnceAndLeavesTheSystemClockAloneWhileTheTimeScaleStillConverges() {
        SimulatedSystemClock system = new SimulatedSystemClock(50e-6, 300 * MS);
        system.denyPermission();
        Node node = new Node(system, MAKESTEP_1S_3);

        node.run(2 * 3600);

        assertThat(node.stoppedAt).as("the first tick found out").isEqualTo(1);
        assertThat(node.steering.status().control()).isEqualTo(Control.NOT_PERMITTED);
        assertThat(node.steering.status().problem()).contains("CAP_SYS_TIME");
        assertThat(system.frequencyPpm()).isZero();
        assertThat(system.steps()).isEmpty();
        // The system clock drifts on at its 50 ppm; what edgeplane serves is right all the same.
        assertThat(system.realtimeNanos() - system.trueNanos()).isGreaterThan(300 * MS);
        assertThat(Math.abs(system.trueNanos() - node.timeScale.nowUnixNanos())).isLessThan(10 * US);
    }

    @Test
    void aStepBySomeoneElseAfterTheMakestepWindowIsSlewedBack() {
        Node node = new Node(new SimulatedSystemClock(20e-6, 0), MAKESTEP_1S_3);
        node.run(3600);

        node.system.stepBySomeoneElse(5 * SECOND);
        node.run(1);

        assertThat(node.steering.status().differenceNanos()).isCloseTo(-5 * SECOND, within(MS));
        assertThat(node.system.steps()).isEmpty();
        assertThat(node.system.pendingSlewNanos()).as("slewing back at 500 ppm").isCloseTo(-5 * SECOND, within(2 * MS));
        assertThat(node.timeScale.state().steps()).as("the time scale does not follow").isZero();
    }

    @Test
    void withMakestepAlwaysAStepBySomeoneElseIsSteppedBack() {
        Node node = new Node(new SimulatedSystemClock(20e-6, 0), new MakestepPolicy(SECOND, MakestepPolicy.ALWAYS));
        node.run(3600);

        node.system.stepBySomeoneElse(5 * SECOND);
        node.run(1);

        assertThat(node.system.steps()).singleElement().satisfies(step -> assertThat(step).isCloseTo(-5 * SECOND, within(MS)));
        assertThat(Math.abs(node.system.realtimeNanos() - node.system.trueNanos())).isLessThan(MS);
    }

    @Test
    void theKernelIsToldWhetherTheClockIsSynchronised() {
        Node node = new Node(new SimulatedSystemClock(0, 0), MAKESTEP_1S_3);

        node.run(10);
        assertThat(node.system.synchronised()).as("taken over unsynchronised, before any measurement").isFalse();
        node.run(64);
        assertThat(node.system.synchronised()).isTrue();

        node.synchronisedNow = false;
        node.run(1);
        assertThat(node.system.synchronised()).isFalse();
    }

    @Test
    void anotherFailureIsRetriedEachSecondAndSteeringResumes() {
        Node node = new Node(new SimulatedSystemClock(30e-6, 0), MAKESTEP_1S_3);
        node.run(600);

        node.system.failWith("clock_adjtime(ADJ_OFFSET_SINGLESHOT) failed: EINVAL");
        node.run(5);
        assertThat(node.steering.status().control()).isEqualTo(Control.FAILING);
        assertThat(node.steering.status().problem()).contains("EINVAL");
        assertThat(node.stoppedAt).isZero();

        node.system.recover();
        node.run(600);
        node.resetWorst();
        node.run(600);
        assertThat(node.steering.status().control()).isEqualTo(Control.STEERED);
        assertThat(node.steering.status().problem()).isEmpty();
        assertThat(node.worstErrorNanos).isLessThan(10 * US);
    }

    /** One node: its time scale over the simulated oscillator, the discipline fed every 64 s, steered every second. */
    private static final class Node {
        final SimulatedSystemClock system;
        final DisciplinedClock timeScale;
        final SystemClockSteering steering;
        boolean synchronisedNow = true;
        long worstErrorNanos;
        long backwards;
        long stoppedAt;
        private long seconds;
        private boolean updated;
        private long previousRealtime;

        Node(SimulatedSystemClock system, MakestepPolicy makestep) {
            this.system = system;
            this.timeScale = DisciplinedClock.overOscillator(new ClockDiscipline(makestep, Optional.empty()),
                    system::oscillatorNanos, system.realtimeNanos());
            this.steering = new SystemClockSteering(timeScale, system, makestep);
            this.previousRealtime = system.realtimeNanos();
        }

        void run(long count) {
            for (long i = 0; i < count; i++) {
                system.advance(SECOND);
                seconds++;
                if (seconds % 64 == 0) {
                    long offset = system.trueNanos() - timeScale.nowUnixNanos();
                    timeScale.update(offset, system.oscillatorNanos(), 100 * US);
                    updated = true;
                }
                int stepsBefore = system.steps().size();
                boolean steering = this.steering.tick(updated && synchronisedNow ? Optional.of(SYNCHRONISED) : Optional.empty());
                if (!steering && stoppedAt == 0) {
                    stoppedAt = seconds;
                }
                long realtime = system.realtimeNanos();
                if (system.steps().size() == stepsBefore && realtime < previousRealtime) {
                    backwards++;
                }
                previousRealtime = realtime;
                worstErrorNanos = Math.max(worstErrorNanos, Math.abs(realtime - system.trueNanos()));
            }
        }

        void resetWorst() {
            worstErrorNanos = 0;
        }
    }
}
