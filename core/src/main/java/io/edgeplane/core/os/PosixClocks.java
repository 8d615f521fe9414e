package io.edgeplane.core.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code clock_gettime(2)} for the clocks the JDK does not offer, bound with the FFM API: {@code CLOCK_MONOTONIC_RAW},
 * the hardware oscillator's count, which no frequency adjustment or slew of the kernel clock touches (unlike
 * {@code CLOCK_MONOTONIC}, behind {@link System#nanoTime()}), and {@code CLOCK_REALTIME} read by the same call.
 *
 * <p>A clock that steers the kernel clock must count on the raw one, or its own adjustments would feed back into
 * what it measures. The call is bound as a critical downcall: it goes to the vDSO, never blocks, and takes a few
 * tens of nanoseconds. Each thread has its own {@code struct timespec}, so any number of threads may share one
 * instance without allocating per read.
 */
public final class PosixClocks {

    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC_RAW = 4;
    private static final long TIMESPEC_BYTES = 16;

    /** {@code (int clockId, struct timespec *) -> int}. */
    private final MethodHandle clockGettime;
    private final ThreadLocal<MemorySegment> timespec;

    PosixClocks(MethodHandle clockGettime) {
        this.clockGettime = Objects.requireNonNull(clockGettime, "clockGettime");
        // Freed with the thread's segment when the thread is gone: Arena.ofAuto ties the memory to the segment.
        this.timespec = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(TIMESPEC_BYTES, 8));
    }

    /** Binds {@code clock_gettime}. Empty when this is not 64-bit Linux (the clock ids and layout are Linux's). */
    public static Optional<PosixClocks> load() {
        if (!Platform.isLinux64()) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find("clock_gettime").map(symbol -> new PosixClocks(linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(false))));
    }

    /** {@code CLOCK_MONOTONIC_RAW} in nanoseconds: an arbitrary origin, never adjusted, never backwards. */
    public long monotonicRawNanos() {
        return read(CLOCK_MONOTONIC_RAW);
    }

    /** {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch: the system clock as the kernel keeps it. */
    public long realtimeNanos() {
        return read(CLOCK_REALTIME);
    }

    private long read(int clockId) {
        MemorySegment ts = timespec.get();
        int result;
        try {
            result = (int) clockGettime.invokeExact(clockId, ts);
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime downcall failed", t);
        }
        if (result != 0) {
            // Only EINVAL (an unknown clock id) or EFAULT are possible, and neither with these ids and memory.
            throw new IllegalStateException("clock_gettime(" + clockId + ") returned " + result);
        }
        return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
    }
}
