package io.edgeplane.ntp.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what each measured offset does to the clock: slew it, step it (chrony's {@code makestep}), or hold it
 * as a possible spike. It does no I/O and reads no clock; whoever steers a clock ({@link DisciplinedClock}, or the
 * system clock through clock_adjtime) applies the {@link ClockAdjustment} it returns. Not thread-safe.
 *
 * <p>This is chrony's approach, not RFC 5905 §11.3's hybrid PLL/FLL. The PLL estimates the frequency indirectly
 * through a loop whose time constant grows with the poll interval, so it takes hours to settle and a wrong start
 * (a drift file from other hardware, a fresh clock) costs hours again; a weighted least-squares line through the
 * last hour of measurements measures the frequency directly, is right within a few polls, and states its own error,
 * which is what the drift file keeps. The line is fitted to the offsets of the <em>free-running</em> clock (the
 * measured offset plus the correction the steered clock carried then), so the discipline's own slews and steps
 * never show in the estimate; chrony gets the same by shifting its stored samples after each correction.
 *
 * <p>Per measurement: (1) with enough history, a measurement further from the line than five standard deviations
 * (at least 1 ms) is held as a spike, and believed only if such measurements persist, on a line of their own (a
 * jump, or a new frequency), for RFC 5905's stepout interval of 900 s; (2) outliers and, by a runs test, history
 * that no longer fits a straight line are dropped ({@link SampleWindow}); (3) the slope, combined with the drift
 * file's frequency weighted by their variances, is the frequency, bounded to ±500 ppm (RFC 5905's MAXFREQ), and the
 * line's value now, minus the correction already applied, is the offset; (4) the offset is stepped if
 * {@link MakestepPolicy} allows it for this update, and slewed otherwise.
 */
public final class ClockDiscipline {

    /** RFC 5905's MAXFREQ: a clock further off than this is broken, and no NTP client follows one anyway. */
    public static final double MAX_FREQUENCY_PPM = 500;

    /** RFC 5905's stepout (WATCH) interval: how long spikes must persist before they are believed. */
    static final long STEPOUT_NANOS = 900_000_000_000L;

    /** Spikes needed, besides the stepout interval, before they are believed: three, so that they can disagree. */
    static final int MIN_SUSPECTS = 3;

    /** A drift file's frequency is trusted to no better than this: the hardware may be warmer than it was then. */
    static final double MIN_PRIOR_ERROR_PPM = 1.0;

    /** A measurement is never taken as better than a microsecond, about what a JVM's clocks resolve. */
    static final double MIN_SAMPLE_ERROR_MICROS = 1.0;

    private static final Logger log = LoggerFactory.getLogger(ClockDiscipline.class);

    /** Keeps the weighting finite for a noiseless line (simulations, or a reference clock). */
    private static final double MIN_SLOPE_VARIANCE = 1e-12;

    private final MakestepPolicy makestep;
    private final double priorFrequencyPpm;
    private final double priorVariance;
    private final SampleWindow window = new SampleWindow();
    private final List<Suspect> suspects = new ArrayList<>();
    private double frequencyPpm;
    private double frequencyErrorPpm;
    private boolean measured;
    private long updates;
    private boolean frequencyLimited;
    private long newestSampleNanos = Long.MIN_VALUE;

    /**
     * @param makestep when an update may step the clock
     * @param prior    the frequency read from the drift file; empty = unknown, start from 0 ppm
     */
    public ClockDiscipline(MakestepPolicy makestep, Optional<Drift> prior) {
        this.makestep = Objects.requireNonNull(makestep, "makestep");
        Objects.requireNonNull(prior, "prior");
        this.priorFrequencyPpm = prior.map(Drift::frequencyPpm).orElse(0.0);
        double priorError = prior.map(d -> Math.max(d.errorPpm(), MIN_PRIOR_ERROR_PPM)).orElse(MAX_FREQUENCY_PPM);
        this.priorVariance = priorError * priorError;
        this.frequencyPpm = priorFrequencyPpm;
        this.frequencyErrorPpm = priorError;
    }

    /** Takes one measurement into account and says what to do with the clock. */
    public ClockAdjustment update(ClockSample sample) {
        Objects.requireNonNull(sample, "sample");
        long at = sample.monotonicNanos();
        // Held spikes count too: they may yet become the history, which must stay in time order.
        if (at < newestSampleNanos) {
            throw new IllegalArgumentException("offset sample at monotonic " + at
                    + " ns is older than the newest one at " + newestSampleNanos + " ns");
        }
        newestSampleNanos = at;
        OffsetPoint point = new OffsetPoint(at, sample.freeRunningOffsetNanos() / 1e3,
                Math.max(sample.errorNanos() / 1e3, MIN_SAMPLE_ERROR_MICROS));
        if (window.size() >= SampleWindow.MIN_SAMPLES_FOR_OUTLIERS) {
            LineFit line = window.fit();
            Slope slope = slope(line);
            double residual = point.offsetMicros() - line.at(at, slope.ppm());
            double limit = SampleWindow.outlierLimitMicros(point.sigmaMicros(), window.noiseScale(line),
                    line.varianceAt(at, slope.variance()));
            if (Math.abs(residual) > limit) {
                suspects.add(new Suspect(point, residual, limit));
                if (!suspectsPersist()) {
                    log.debug("offset {} µs off the recent line (limit {} µs): held as a spike", residual, limit);
                    return new ClockAdjustment.Hold(at, Math.round(residual * 1e3), Math.round(limit * 1e3));
                }
                log.info("the clock's offset moved by about {} ms and stayed there for {} measurements over {} s;"
                                + " starting over from them", Math.round(residual / 1e3), suspects.size(),
                        (at - suspects.getFirst().point().monotonicNanos()) / 1_000_000_000L);
                window.replaceWith(suspects.stream().map(Suspect::point).toList());
                suspects.clear();
            } else {
                suspects.clear();
                window.add(point);
            }
        } else {
            window.add(point);
        }
        window.prune();
        LineFit line = window.fit();
        Slope slope = slope(line);
        measured |= line.hasSlope();
        frequencyPpm = limitFrequency(-slope.ppm());
        frequencyErrorPpm = Math.min(Math.sqrt(slope.variance()), MAX_FREQUENCY_PPM);
        long offsetNanos = Math.round(line.at(at, slope.ppm()) * 1e3) - sample.correctionNanos();
        boolean step = makestep.steps(offsetNanos, updates);
        updates++;
        return step
                ? new ClockAdjustment.Step(at, offsetNanos, frequencyPpm)
                : new ClockAdjustment.Slew(at, offsetNanos, frequencyPpm);
    }

    /** The free-running clock's estimated gain in ppm (chrony's sign); the drift file's before any measurement. */
    public double frequencyPpm() {
        return frequencyPpm;
    }

    /** The estimated error of {@link #frequencyPpm()}, one standard deviation. */
    public double frequencyErrorPpm() {
        return frequencyErrorPpm;
    }

    /** The frequency to keep in the drift file; empty until measurements spanning time have estimated one. */
    public Optional<Drift> drift() {
        return measured ? Optional.of(new Drift(frequencyPpm, frequencyErrorPpm)) : Optional.empty();
    }

    /** Clock updates so far: slews and steps, not held spikes. {@link MakestepPolicy}'s limit counts these. */
    public long updates() {
        return updates;
    }

    /** Measurements the estimate rests on now. */
    public int samples() {
        return window.size();
    }

    /** The regression's slope and the prior's, each weighted by the inverse of its variance. */
    private Slope slope(LineFit line) {
        if (!line.hasSlope()) {
            return new Slope(-priorFrequencyPpm, priorVariance);
        }
        double lineWeight = 1 / Math.max(line.slopeVariance(), MIN_SLOPE_VARIANCE);
        double priorWeight = 1 / priorVariance;
        double ppm = (line.slope() * lineWeight - priorFrequencyPpm * priorWeight) / (lineWeight + priorWeight);
        return new Slope(ppm, 1 / (lineWeight + priorWeight));
    }

    /**
     * Whether the held spikes are a real change: enough of them, over the stepout interval, and on one line of
     * their own, a jump or a new frequency, not scattered outliers. When the newest does not fit the line of the
     * others, the older ones are forgotten and the watch starts again from it.
     */
    private boolean suspectsPersist() {
        if (suspects.size() >= 3) {
            LineFit line = LineFit.of(suspects.stream().map(Suspect::point).toList());
            if (suspects.stream().anyMatch(s -> Math.abs(line.residual(s.point())) > s.limit())) {
                Suspect newest = suspects.getLast();
                suspects.clear();
                suspects.add(newest);
            }
        }
        long span = suspects.getLast().point().monotonicNanos() - suspects.getFirst().point().monotonicNanos();
        return suspects.size() >= MIN_SUSPECTS && span >= STEPOUT_NANOS;
    }

    private double limitFrequency(double ppm) {
        boolean beyond = Math.abs(ppm) > MAX_FREQUENCY_PPM;
        if (beyond && !frequencyLimited) {
            log.warn("the system clock's frequency error looks like {} ppm, beyond ±{} ppm; correcting {} ppm only"
                    + " (a broken clock, or a bad measurement)", ppm, MAX_FREQUENCY_PPM,
                    Math.copySign(MAX_FREQUENCY_PPM, ppm));
        }
        frequencyLimited = beyond;
        return beyond ? Math.copySign(MAX_FREQUENCY_PPM, ppm) : ppm;
    }

    private record Slope(double ppm, double variance) {
    }

    private record Suspect(OffsetPoint point, double residual, double limit) {
    }
}
