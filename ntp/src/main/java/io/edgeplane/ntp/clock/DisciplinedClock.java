package io.edgeplane.ntp.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * edgeplane's own time scale: the system clock plus a correction that the {@link ClockDiscipline} steers, so that
 * edgeplane serves and uses true time where it may not touch the system clock (a container; chrony's
 * {@code chronyd -x}). The correction is a function of monotonic time: its value at the last update, minus the
 * system clock's estimated gain since then, plus an offset being slewed out at {@link #MAX_SLEW_RATE_PPM}.
 *
 * <p>Sign conventions: an offset given to {@link #update} is true time minus this clock's time (RFC 5905's θ), so a
 * positive offset means this clock is behind and is moved forward. {@link #frequencyPpm()} is the system clock's
 * gain as chrony reports it: positive = the system clock runs fast, and this time scale runs that much slower.
 *
 * <p>Between updates the time scale never reads backwards: its rate differs from the system clock's by at most
 * 1000 ppm (500 of frequency, 500 of slew). A step moves it at once, backwards too, as chrony steps the system
 * clock; {@link MakestepPolicy} confines steps to the first updates. It follows the system clock, so a step of the
 * system clock by someone else shows in it until the discipline has measured and corrected it.
 *
 * <p>Two free-running clocks can carry it. {@link #DisciplinedClock(ClockDiscipline, LongSupplier, LongSupplier) Over
 * the system clock} ({@code discipline: none}): whoever else keeps the system clock, edgeplane's time follows it plus
 * its correction. {@link #overOscillator Over the raw oscillator} ({@code discipline: system}, where edgeplane steers
 * the system clock to this time scale itself): a count nothing adjusts, so the steering never feeds back into what
 * the discipline measures; there {@link #frequencyPpm()} is the oscillator's gain.
 *
 * <p>Reading it ({@link #nowUnixNanos()}) takes no lock: one volatile read of an immutable segment. Updates are
 * serialised.
 */
public final class DisciplinedClock implements InstantSource {

    /**
     * How fast an offset is slewed out: 500 ppm, the kernel's adjtime rate. chrony's {@code maxslewrate} default,
     * 83333 ppm, suits a clock only programs read; this one is served to NTP clients, whose own disciplines are
     * bounded to 500 ppm (RFC 5905's MAXFREQ) and would see a faster-moving server as broken. 300 ms takes 10 min.
     */
    public static final double MAX_SLEW_RATE_PPM = 500;

    private static final Logger log = LoggerFactory.getLogger(DisciplinedClock.class);

    private final ClockDiscipline discipline;
    private final LongSupplier monotonicNanos;
    private final FreeRunningClock freeRunning;
    private volatile CorrectionSegment segment;
    private long lastOffsetNanos;
    private long lastUpdateNanos;
    private long steps;

    /**
     * @param discipline         decides each update; its frequency (the drift file's) applies from the start
     * @param monotonicNanos     a monotonic clock in nanoseconds, such as {@link System#nanoTime()}
     * @param wallClockUnixNanos the system clock in nanoseconds since the Unix epoch
     */
    public DisciplinedClock(ClockDiscipline discipline, LongSupplier monotonicNanos, LongSupplier wallClockUnixNanos) {
        this(discipline, monotonicNanos, wallClock(wallClockUnixNanos));
    }

    private DisciplinedClock(ClockDiscipline discipline, LongSupplier monotonicNanos, FreeRunningClock freeRunning) {
        this.discipline = Objects.requireNonNull(discipline, "discipline");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
        this.freeRunning = freeRunning;
        this.segment = CorrectionSegment.steady(monotonicNanos.getAsLong(), 0, discipline.frequencyPpm(),
                MAX_SLEW_RATE_PPM);
    }

    /** The time scale over this JVM's clocks: {@link System#nanoTime()} and the system clock. */
    public static DisciplinedClock overSystemClock(ClockDiscipline discipline) {
        Clock system = Clock.systemUTC();
        return new DisciplinedClock(discipline, System::nanoTime, () -> unixNanos(system));
    }

    /**
     * The time scale over an oscillator nothing adjusts ({@code CLOCK_MONOTONIC_RAW}), starting at
     * {@code unixNanosNow}: one reading of the oscillator gives both the time and the correction's position.
     *
     * @param oscillatorNanos the oscillator's count in nanoseconds; it is also the monotonic clock of
     *                        {@link #update}'s measurements
     * @param unixNanosNow    the time to start from, the system clock's now
     */
    public static DisciplinedClock overOscillator(ClockDiscipline discipline, LongSupplier oscillatorNanos,
                                                  long unixNanosNow) {
        long epochAtZero = unixNanosNow - oscillatorNanos.getAsLong();
        return new DisciplinedClock(discipline, oscillatorNanos, oscillator -> oscillator + epochAtZero);
    }

    /** {@code clock}'s time now in nanoseconds since the Unix epoch. */
    public static long unixNanos(InstantSource clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** edgeplane's time now, in nanoseconds since the Unix epoch. */
    public long nowUnixNanos() {
        CorrectionSegment current = segment;
        long monotonic = monotonicNanos.getAsLong();
        return freeRunning.unixNanos(monotonic) + current.correctionAt(monotonic);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(0, nowUnixNanos());
    }

    @Override
    public long millis() {
        return Math.floorDiv(nowUnixNanos(), 1_000_000L);
    }

    /**
     * Corrects the time scale by one measurement, as the discipline decides.
     *
     * @param measuredOffsetNanos      true time minus this clock's time when measured: positive = this clock is
     *                                 behind (RFC 5905's θ, combined over the selected sources)
     * @param measuredAtMonotonicNanos when it was measured, on the monotonic clock this time scale was built with:
     *                                 not before the previous update, not in the future
     * @param errorNanos               its estimated error (e.g. the root distance), 0 or more; weighs it against
     *                                 the other measurements
     * @return what was done: a slew, a step, or nothing (a held spike)
     */
    public synchronized ClockAdjustment update(long measuredOffsetNanos, long measuredAtMonotonicNanos,
                                               long errorNanos) {
        long now = monotonicNanos.getAsLong();
        CorrectionSegment current = segment;
        if (measuredAtMonotonicNanos < current.startNanos() || measuredAtMonotonicNanos > now) {
            throw new IllegalArgumentException("measurement taken at monotonic " + measuredAtMonotonicNanos
                    + " ns must be from the last clock update (" + current.startNanos() + " ns) to now (" + now
                    + " ns); one taken before the last update was against a differently corrected clock");
        }
        long correctionThen = current.correctionAt(measuredAtMonotonicNanos);
        ClockAdjustment adjustment = discipline.update(
                new ClockSample(measuredAtMonotonicNanos, measuredOffsetNanos, correctionThen, errorNanos));
        switch (adjustment) {
            case ClockAdjustment.Hold hold -> {
                return hold;
            }
            case ClockAdjustment.Slew slew -> {
                long correctionNow = current.correctionAt(now);
                long target = target(slew.offsetNanos(), correctionThen, slew.frequencyPpm(),
                        now - slew.atMonotonicNanos());
                segment = current.next(now, correctionNow, slew.frequencyPpm(), target - correctionNow);
                lastOffsetNanos = slew.offsetNanos();
            }
            case ClockAdjustment.Step step -> {
                long correctionNow = current.correctionAt(now);
                long target = target(step.offsetNanos(), correctionThen, step.frequencyPpm(),
                        now - step.atMonotonicNanos());
                segment = current.next(now, target, step.frequencyPpm(), 0);
                steps++;
                lastOffsetNanos = step.offsetNanos();
                log.info("stepped the time scale by {} µs (makestep: update {} of the allowed first ones)",
                        (target - correctionNow) / 1000, discipline.updates());
            }
        }
        lastUpdateNanos = now;
        return adjustment;
    }

    /**
     * Moves the time scale by {@code nanos} at once (positive = forward); an offset being slewed keeps being
     * slewed. Measurements after this see the step and the discipline takes it back out if it was wrong.
     */
    public synchronized void step(long nanos) {
        long now = monotonicNanos.getAsLong();
        CorrectionSegment current = segment;
        segment = current.next(now, current.correctionAt(now) + nanos, current.frequencyPpm(),
                current.remainingSlewAt(now));
        steps++;
        log.info("stepped the time scale by {} µs on request", nanos / 1000);
    }

    /**
     * chronyc's {@code makestep} command: applies the offset still being slewed at once.
     *
     * @return the step taken, in nanoseconds (positive = forward)
     */
    public synchronized long makestep() {
        long now = monotonicNanos.getAsLong();
        CorrectionSegment current = segment;
        long remaining = current.remainingSlewAt(now);
        segment = current.next(now, current.correctionAt(now) + remaining, current.frequencyPpm(), 0);
        steps++;
        log.info("stepped the time scale by the {} µs still being slewed, on request", remaining / 1000);
        return remaining;
    }

    /** The system clock's estimated gain that the time scale corrects for, in ppm (chrony's sign). */
    public double frequencyPpm() {
        return segment.frequencyPpm();
    }

    /** What the drift file should keep; empty until measurements have estimated the frequency. */
    public synchronized Optional<Drift> drift() {
        return discipline.drift();
    }

    /** A snapshot for stats. */
    public synchronized ClockState state() {
        long now = monotonicNanos.getAsLong();
        CorrectionSegment current = segment;
        boolean synchronised = discipline.updates() > 0;
        return new ClockState(current.correctionAt(now), current.remainingSlewAt(now), current.frequencyPpm(),
                discipline.frequencyErrorPpm(), lastOffsetNanos,
                synchronised ? OptionalLong.of(lastUpdateNanos) : OptionalLong.empty(),
                discipline.updates(), steps, synchronised);
    }

    private static FreeRunningClock wallClock(LongSupplier wallClockUnixNanos) {
        Objects.requireNonNull(wallClockUnixNanos, "wallClockUnixNanos");
        return monotonic -> wallClockUnixNanos.getAsLong();
    }

    /** The clock the correction is added to, given the monotonic reading the correction is taken at. */
    @FunctionalInterface
    private interface FreeRunningClock {
        long unixNanos(long monotonicNanos);
    }

    /**
     * The correction that puts the time scale on the discipline's line now: the line's value when measured is the
     * correction then plus the measured offset, and it has since moved by the negative of the clock's gain.
     */
    private static long target(long offsetThen, long correctionThen, double frequencyPpm, long elapsedNanos) {
        return correctionThen + offsetThen + Math.round(-frequencyPpm * 1e-6 * elapsedNanos);
    }
}
