package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real bindings, read only: nothing here may call an adjusting method (the machine's clock is shared). */
class KernelSystemClockTest {

    @Test
    void readsTheSystemClockAndTheRawOscillator() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "bound on Linux only");
        SystemClockControl system = KernelSystemClock.load().orElseThrow();

        long before = System.currentTimeMillis();
        long realtime = system.realtimeNanos();
        long after = System.currentTimeMillis();
        long raw0 = system.oscillatorNanos();
        long raw1 = system.oscillatorNanos();

        assertThat(TimeUnit.NANOSECONDS.toMillis(realtime)).isBetween(before - 1, after + 1);
        assertThat(raw1).isGreaterThanOrEqualTo(raw0);
    }

    @Test
    void aTimeScaleOverTheOscillatorStartsAtTheSystemClock() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "bound on Linux only");
        SystemClockControl system = KernelSystemClock.load().orElseThrow();
        DisciplinedClock scale = DisciplinedClock.overOscillator(
                new ClockDiscipline(MakestepPolicy.NEVER, java.util.Optional.empty()), system::oscillatorNanos,
                system.realtimeNanos());

        long difference = scale.nowUnixNanos() - system.realtimeNanos();

        // Whatever slew the system clock is under runs at most 500 ppm: nothing visible in the moment this takes.
        assertThat(Math.abs(difference)).isLessThan(TimeUnit.MILLISECONDS.toNanos(5));
    }
}
