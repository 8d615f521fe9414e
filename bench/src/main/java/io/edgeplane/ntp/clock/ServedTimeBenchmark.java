package io.edgeplane.ntp.clock;

import io.edgeplane.core.os.PosixClocks;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the time the NTP server serves, twice per request (receive and transmit): the time scale over the
 * system clock ({@code discipline: none}: {@link System#nanoTime()} plus the wall clock) against the time scale
 * over the raw oscillator ({@code discipline: system}: one {@code clock_gettime(CLOCK_MONOTONIC_RAW)} through
 * FFM), and the bare clock reads for scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServedTimeBenchmark {

    private DisciplinedClock overSystemClock;
    private DisciplinedClock overOscillator;
    private PosixClocks clocks;

    @Setup
    public void setUp() {
        clocks = PosixClocks.load().orElseThrow();
        overSystemClock = DisciplinedClock.overSystemClock(new ClockDiscipline(MakestepPolicy.NEVER, Optional.empty()));
        overOscillator = DisciplinedClock.overOscillator(new ClockDiscipline(MakestepPolicy.NEVER, Optional.empty()),
                clocks::monotonicRawNanos, clocks.realtimeNanos());
    }

    @Benchmark
    public long timeScaleOverTheSystemClock() {
        return overSystemClock.nowUnixNanos();
    }

    @Benchmark
    public long timeScaleOverTheRawOscillator() {
        return overOscillator.nowUnixNanos();
    }

    @Benchmark
    public long rawOscillatorRead() {
        return clocks.monotonicRawNanos();
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
