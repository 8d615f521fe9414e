package io.edgeplane.ntp.clock;

import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code discipline: system}: makes the system clock follow edgeplane's time scale, once a second, as chronyd
 * drives the kernel clock. The time scale counts on the raw oscillator ({@link DisciplinedClock#overOscillator}),
 * so nothing done here shows in what the discipline measures; this only copies its result to the kernel:
 * <ul>
 *   <li>the frequency: the kernel's is set to the negative of the oscillator's measured gain, so the system clock
 *       runs at the time scale's rate between ticks;</li>
 *   <li>the difference left (the time scale's own slews, rounding, anyone else's changes) is slewed out with an
 *       adjtime(3) slew at 500 ppm, the same bound the time scale slews at; each tick's slew replaces the last,
 *       so the kernel always works on the difference just measured;</li>
 *   <li>a step: when the time scale stepped ({@code makestep}), the system clock is stepped by the difference, and
 *       so is a difference {@code makestep} would step anyway (the system clock set by someone else in the first
 *       updates, or with {@code limit: -1});</li>
 *   <li>the kernel's synchronised flag and error estimates, which {@code adjtimex}/{@code timedatectl} read and
 *       which let the kernel copy the time to the RTC.</li>
 * </ul>
 * Without the privilege ({@code CAP_SYS_TIME}) it says so once and stops: edgeplane keeps serving its time scale
 * and leaves the system clock alone. Not for concurrent use beyond its own lock.
 */
public final class SystemClockSteering {

    private static final Logger log = LoggerFactory.getLogger(SystemClockSteering.class);

    /** Frequencies closer than this are not set again: a syscall a second for nothing otherwise. */
    private static final double FREQUENCY_RESOLUTION_PPM = 1e-4;

    /** How the system clock is being handled. */
    public enum Control {
        /** Following the time scale. */
        STEERED,
        /** The kernel refused for lack of privilege: left alone for good. */
        NOT_PERMITTED,
        /** The last adjustment failed for another reason; tried again at the next tick. */
        FAILING
    }

    /**
     * What the last tick saw and did, for stats.
     *
     * @param control          how the system clock is handled
     * @param differenceNanos  edgeplane's time minus the system clock's at the last tick (before its adjustment)
     * @param frequencyPpm     the frequency offset last given to the kernel
     * @param steps            steps of the system clock so far
     * @param problem          the last failure, "" when none
     */
    public record Status(Control control, long differenceNanos, double frequencyPpm, long steps, String problem) {
        public Status {
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * The kernel's error estimates while synchronised.
     *
     * @param maxErrorNanos       the root distance: the most the time can be off
     * @param estimatedErrorNanos the likely error: the system jitter
     */
    public record Synchronisation(long maxErrorNanos, long estimatedErrorNanos) {
    }

    private final DisciplinedClock timeScale;
    private final SystemClockControl system;
    private final MakestepPolicy makestep;
    private boolean takenOver;
    private Boolean markedSynchronised;
    private double frequencySet = Double.NaN;
    private long timeScaleStepsSeen;
    private long steps;
    private volatile Status status = new Status(Control.STEERED, 0, 0, 0, "");

    /**
     * @param timeScale the time scale to follow; over the same oscillator as {@code system}'s
     * @param system    the system clock
     * @param makestep  when a difference is stepped although the time scale did not step
     */
    public SystemClockSteering(DisciplinedClock timeScale, SystemClockControl system, MakestepPolicy makestep) {
        this.timeScale = Objects.requireNonNull(timeScale, "timeScale");
        this.system = Objects.requireNonNull(system, "system");
        this.makestep = Objects.requireNonNull(makestep, "makestep");
        this.timeScaleStepsSeen = timeScale.state().steps();
    }

    /**
     * One round: measures the difference and adjusts the system clock.
     *
     * @param synchronisation the error estimates while the time scale is synchronised; empty when it is not
     * @return false once steering is over for good (no privilege): stop calling
     */
    public synchronized boolean tick(Optional<Synchronisation> synchronisation) {
        Objects.requireNonNull(synchronisation, "synchronisation");
        Status last = status;
        if (last.control() == Control.NOT_PERMITTED) {
            return false;
        }
        long difference = 0;
        try {
            if (!takenOver) {
                // Clears the kernel PLL's modes a previous daemon may have left on: their adjustments would fight ours.
                system.markUnsynchronised();
                markedSynchronised = false;
                takenOver = true;
            }
            double frequency = Math.clamp(-timeScale.frequencyPpm(), -SystemClockControl.MAX_FREQUENCY_PPM,
                    SystemClockControl.MAX_FREQUENCY_PPM);
            if (!(Math.abs(frequency - frequencySet) < FREQUENCY_RESOLUTION_PPM)) {
                system.setFrequency(frequency);
                frequencySet = frequency;
            }
            difference = difference();
            ClockState scale = timeScale.state();
            boolean timeScaleStepped = scale.steps() != timeScaleStepsSeen;
            timeScaleStepsSeen = scale.steps();
            if (difference != 0 && (timeScaleStepped || makestep.steps(difference, scale.updates()))) {
                // The slew left from the last tick would carry on after the step: cancelled first.
                system.slew(0);
                system.step(difference);
                steps++;
                log.info("ntp: stepped the system clock by {} µs to edgeplane's time", difference / 1_000);
            } else {
                system.slew(Math.clamp(difference, -SystemClockControl.MAX_SLEW_NANOS, SystemClockControl.MAX_SLEW_NANOS));
            }
            mark(synchronisation);
            if (last.control() == Control.FAILING) {
                log.info("ntp: steering the system clock again");
            }
            status = new Status(Control.STEERED, difference, frequencySet, steps, "");
            return true;
        } catch (SystemClockException e) {
            return failed(e, last, difference);
        }
    }

    /** What the last tick saw and did. */
    public Status status() {
        return status;
    }

    /** edgeplane's time minus the system clock's, the two read as close together as one call allows. */
    private long difference() {
        long before = timeScale.nowUnixNanos();
        long realtime = system.realtimeNanos();
        long after = timeScale.nowUnixNanos();
        return before + (after - before) / 2 - realtime;
    }

    private void mark(Optional<Synchronisation> synchronisation) {
        if (synchronisation.isPresent()) {
            // Every tick: the kernel grows the maximum error by 500 µs/s and gives up on the clock past 16 s.
            Synchronisation errors = synchronisation.get();
            system.markSynchronised(errors.maxErrorNanos(), errors.estimatedErrorNanos());
            markedSynchronised = true;
        } else if (!Boolean.FALSE.equals(markedSynchronised)) {
            system.markUnsynchronised();
            markedSynchronised = false;
        }
    }

    private boolean failed(SystemClockException e, Status last, long difference) {
        if (e.notPermitted()) {
            log.error("ntp: discipline: system cannot adjust the system clock ({}); edgeplane keeps serving its own "
                    + "time scale and leaves the system clock alone", e.getMessage());
            status = new Status(Control.NOT_PERMITTED, difference, last.frequencyPpm(), steps, e.getMessage());
            return false;
        }
        if (!e.getMessage().equals(last.problem())) {
            log.warn("ntp: adjusting the system clock failed, trying again each second: {}", e.getMessage());
        }
        status = new Status(Control.FAILING, difference, last.frequencyPpm(), steps, e.getMessage());
        return true;
    }
}
