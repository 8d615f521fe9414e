package io.edgeplane.ntp.clock;

import io.edgeplane.core.os.ClockStatus;
import io.edgeplane.core.os.KernelClock;
import io.edgeplane.core.os.KernelClockException;
import io.edgeplane.core.os.PosixClocks;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The real system clock: {@code clock_adjtime} and {@code clock_gettime} through {@code core}'s FFM bindings. */
public final class KernelSystemClock implements SystemClockControl {

    private static final long NANOS_PER_MICRO = 1_000;

    private final KernelClock kernel;
    private final PosixClocks clocks;

    KernelSystemClock(KernelClock kernel, PosixClocks clocks) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.clocks = Objects.requireNonNull(clocks, "clocks");
    }

    /** The bindings, or empty where this platform lacks them (not 64-bit Linux). Binding changes nothing. */
    public static Optional<SystemClockControl> load() {
        return KernelClock.load().flatMap(kernel -> PosixClocks.load().map(clocks -> new KernelSystemClock(kernel, clocks)));
    }

    @Override
    public long realtimeNanos() {
        return clocks.realtimeNanos();
    }

    @Override
    public long oscillatorNanos() {
        return clocks.monotonicRawNanos();
    }

    @Override
    public void setFrequency(double ppm) {
        adjust(() -> kernel.adjustFrequency(ppm));
    }

    @Override
    public void slew(long offsetNanos) {
        adjust(() -> kernel.slew(offsetNanos));
    }

    @Override
    public void step(long offsetNanos) {
        adjust(() -> kernel.step(offsetNanos));
    }

    @Override
    public void markSynchronised(long maxErrorNanos, long estimatedErrorNanos) {
        adjust(() -> {
            kernel.setErrors(Math.max(0, maxErrorNanos) / NANOS_PER_MICRO, Math.max(0, estimatedErrorNanos) / NANOS_PER_MICRO);
            kernel.setStatus(EnumSet.noneOf(ClockStatus.class));
        });
    }

    @Override
    public void markUnsynchronised() {
        adjust(() -> kernel.setStatus(Set.of(ClockStatus.STA_UNSYNC)));
    }

    private static void adjust(Runnable call) {
        try {
            call.run();
        } catch (KernelClockException e) {
            throw new SystemClockException(e.getMessage(), e.errnoName().equals("EPERM"), e);
        }
    }
}
