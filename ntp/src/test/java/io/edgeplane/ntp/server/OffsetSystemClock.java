package io.edgeplane.ntp.server;

import io.edgeplane.ntp.clock.KernelSystemClock;
import io.edgeplane.ntp.clock.SystemClockControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A system clock that reads this machine's clocks (read only) but runs a set offset from the real system clock,
 * and takes adjustments by recording them: a step moves the offset, a frequency or slew is only noted (their
 * effect in a test of seconds is microseconds). The machine's clock is never changed.
 */
final class OffsetSystemClock implements SystemClockControl {

    private final SystemClockControl machine = KernelSystemClock.load().orElseThrow();
    private final List<Long> steps = new CopyOnWriteArrayList<>();
    private volatile long offsetNanos;
    private volatile double frequencyPpm;
    private volatile long lastSlewNanos;
    private volatile Boolean synchronised;

    /** @param offsetNanos this clock minus the real system clock at the start */
    OffsetSystemClock(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    List<Long> steps() {
        return steps;
    }

    long offsetNanos() {
        return offsetNanos;
    }

    double frequencyPpm() {
        return frequencyPpm;
    }

    long lastSlewNanos() {
        return lastSlewNanos;
    }

    Boolean synchronised() {
        return synchronised;
    }

    @Override
    public long realtimeNanos() {
        return machine.realtimeNanos() + offsetNanos;
    }

    @Override
    public long oscillatorNanos() {
        return machine.oscillatorNanos();
    }

    @Override
    public void setFrequency(double ppm) {
        frequencyPpm = ppm;
    }

    @Override
    public void slew(long offsetNanos) {
        lastSlewNanos = offsetNanos;
    }

    @Override
    public void step(long offsetNanos) {
        this.offsetNanos += offsetNanos;
        steps.add(offsetNanos);
    }

    @Override
    public void markSynchronised(long maxErrorNanos, long estimatedErrorNanos) {
        synchronised = true;
    }

    @Override
    public void markUnsynchronised() {
        synchronised = false;
    }
}
