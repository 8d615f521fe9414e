package io.edgeplane.ntp.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Drives a {@link DisciplinedClock} over a {@link SimulatedHost} as an NTP client would: every poll, a measurement
 * (true time minus the time scale, plus optional Gaussian noise and occasional outliers), handed to the clock a
 * little later. Between polls it reads the time scale every {@link #PROBE_NANOS} and records whether it went
 * backwards and whether its correction moved faster than the slew bound allows. No sleeping: true time is a number.
 */
final class PollSimulation {

    static final long POLL_NANOS = 64_000_000_000L;
    static final long PROBE_NANOS = 4_000_000_000L;
    static final long PROCESSING_NANOS = 30_000_000L;
    static final long STATED_ERROR_NANOS = 100_000L;

    /**
     * One poll: what was measured and decided, the time scale's error (true time minus it) just after the update,
     * and the largest error at the probes until the next poll.
     */
    record Poll(long trueNanos, long measuredOffsetNanos, ClockAdjustment adjustment, double frequencyPpm,
                long errorAfterUpdateNanos, long worstErrorNanos) {
    }

    private final SimulatedHost host;
    private final DisciplinedClock clock;
    private final Random random;
    private final double noiseNanos;
    private final double outlierProbability;
    private final List<Poll> polls = new ArrayList<>();
    private long backwardsReadings;
    private long slewBoundViolations;
    private double fastestSlewPpm;

    PollSimulation(SimulatedHost host, ClockDiscipline discipline, long seed, double noiseNanos,
                   double outlierProbability) {
        this.host = host;
        this.clock = new DisciplinedClock(discipline, host::monotonicNanos, host::wallNanos);
        this.random = new Random(seed);
        this.noiseNanos = noiseNanos;
        this.outlierProbability = outlierProbability;
    }

    /** Without noise or outliers. */
    static PollSimulation quiet(SimulatedHost host, ClockDiscipline discipline) {
        return new PollSimulation(host, discipline, 1, 0, 0);
    }

    DisciplinedClock clock() {
        return clock;
    }

    List<Poll> polls() {
        return polls;
    }

    long backwardsReadings() {
        return backwardsReadings;
    }

    long slewBoundViolations() {
        return slewBoundViolations;
    }

    /** The fastest the correction moved apart from the frequency term, in ppm, between two updates. */
    double fastestSlewPpm() {
        return fastestSlewPpm;
    }

    /** Runs {@code count} polls. */
    PollSimulation run(int count) {
        for (int i = 0; i < count; i++) {
            poll();
        }
        return this;
    }

    private void poll() {
        long measuredAt = host.monotonicNanos();
        long offset = host.trueNanos() - clock.nowUnixNanos() + noise();
        host.advance(PROCESSING_NANOS);
        ClockAdjustment adjustment = clock.update(offset, measuredAt, STATED_ERROR_NANOS);
        long errorAfterUpdate = host.trueNanos() - clock.nowUnixNanos();
        long worst = 0;
        long previousTime = clock.nowUnixNanos();
        long previousMonotonic = host.monotonicNanos();
        long previousCorrection = previousTime - host.wallNanos();
        for (long t = PROCESSING_NANOS; t < POLL_NANOS; t += PROBE_NANOS) {
            long error = host.trueNanos() - clock.nowUnixNanos();
            worst = Math.abs(error) > Math.abs(worst) ? error : worst;
            host.advance(Math.min(PROBE_NANOS, POLL_NANOS - t));
            long time = clock.nowUnixNanos();
            long monotonic = host.monotonicNanos();
            long correction = time - host.wallNanos();
            backwardsReadings += time < previousTime ? 1 : 0;
            long elapsed = monotonic - previousMonotonic;
            double slewed = correction - previousCorrection + clock.frequencyPpm() * 1e-6 * elapsed;
            fastestSlewPpm = Math.max(fastestSlewPpm, Math.abs(slewed) / elapsed * 1e6);
            slewBoundViolations += Math.abs(slewed) > DisciplinedClock.MAX_SLEW_RATE_PPM * 1e-6 * elapsed + 2 ? 1 : 0;
            previousTime = time;
            previousMonotonic = monotonic;
            previousCorrection = correction;
        }
        polls.add(new Poll(host.trueNanos(), offset, adjustment, clock.frequencyPpm(), errorAfterUpdate, worst));
    }

    private long noise() {
        double value = noiseNanos > 0 ? random.nextGaussian() * noiseNanos : 0;
        if (outlierProbability > 0 && random.nextDouble() < outlierProbability) {
            value += (random.nextBoolean() ? 1 : -1) * (20e6 + random.nextDouble() * 180e6);
        }
        return Math.round(value);
    }
}
