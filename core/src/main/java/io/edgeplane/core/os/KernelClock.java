package io.edgeplane.core.os;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Linux kernel's system clock discipline, {@code clock_adjtime(CLOCK_REALTIME, struct timex *)} (or
 * {@code adjtimex} where glibc lacks the former), bound with the FFM API: what chronyd and ntpd drive.
 *
 * <p>{@link #read()} and {@link #pendingSlewNanos()} change nothing and need no privilege. The adjusting methods
 * need {@code CAP_SYS_TIME} and throw {@link KernelClockException} naming it when it is missing. Every call
 * allocates its own {@code struct timex} in a confined arena, so any number of threads may share one instance;
 * the kernel serialises the adjustments themselves.
 */
public final class KernelClock {

    private static final int CLOCK_REALTIME = 0;

    /** {@code (MemorySegment errnoCapture, int clockId, MemorySegment timex) -> int}. */
    private final MethodHandle call;
    private final String symbol;
    private final StructLayout captureLayout;
    private final long errnoOffset;

    KernelClock(MethodHandle call, String symbol) {
        this.call = Objects.requireNonNull(call, "call");
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.captureLayout = Linker.Option.captureStateLayout();
        this.errnoOffset = errnoOffset();
    }

    /**
     * Binds {@code clock_adjtime}, or {@code adjtimex} when glibc lacks it. Empty when this is not 64-bit Linux on
     * x86_64 or aarch64 (the {@code struct timex} layout is only checked there) or neither symbol is found.
     */
    public static Optional<KernelClock> load() {
        if (!Platform.isLinux64()) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        return bind(linker, linker.defaultLookup());
    }

    /** Binds against {@code libc}: tests hide {@code clock_adjtime} to take the {@code adjtimex} path. */
    static Optional<KernelClock> bind(Linker linker, SymbolLookup libc) {
        Linker.Option errno = Linker.Option.captureCallState("errno");
        Optional<MemorySegment> clockAdjtime = libc.find("clock_adjtime");
        if (clockAdjtime.isPresent()) {
            MethodHandle h = linker.downcallHandle(clockAdjtime.get(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno);
            return Optional.of(new KernelClock(h, "clock_adjtime"));
        }
        Optional<MemorySegment> adjtimex = libc.find("adjtimex");
        if (adjtimex.isPresent()) {
            MethodHandle h = linker.downcallHandle(adjtimex.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS), errno);
            // adjtimex is clock_adjtime on CLOCK_REALTIME: take the clock id and drop it.
            return Optional.of(new KernelClock(MethodHandles.dropArguments(h, 1, int.class), "adjtimex"));
        }
        return Optional.empty();
    }

    /** Whether {@link #load()} finds the call on this platform. */
    public static boolean isAvailable() {
        return load().isPresent();
    }

    /** The libc function bound: {@code "clock_adjtime"} or {@code "adjtimex"}. */
    public String symbol() {
        return symbol;
    }

    /** Reads the clock's discipline ({@code modes = 0}); needs no privilege. */
    public KernelClockState read() {
        return call(Timex::fillRead);
    }

    /** The part of the last {@link #slew} the kernel has still to apply, in nanoseconds; needs no privilege. */
    public long pendingSlewNanos() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timex = arena.allocate(Timex.LAYOUT);
            Timex.fillSlewRead(timex);
            invoke(arena, timex);
            return timex.get(JAVA_LONG, Timex.OFFSET) * 1_000;
        }
    }

    /**
     * Sets the clock's frequency offset ({@code ADJ_FREQUENCY}), in ppm within ±500; positive runs the clock faster.
     * Needs {@code CAP_SYS_TIME}.
     */
    public void adjustFrequency(double ppm) {
        call(timex -> Timex.fillFrequency(timex, ppm));
    }

    /**
     * Slews the clock by {@code offsetNanos} with adjtime(3) semantics ({@code ADJ_OFFSET_SINGLESHOT}): the kernel
     * runs the clock 500 ppm fast or slow until the offset is applied, whatever the PLL state, and a new slew
     * replaces what is left of the previous one ({@link #pendingSlewNanos()}). The kernel counts microseconds, so
     * the offset is rounded to one. At most about ±2145 s, as glibc's adjtime allows. Needs {@code CAP_SYS_TIME}.
     */
    public void slew(long offsetNanos) {
        call(timex -> Timex.fillSlew(timex, offsetNanos));
    }

    /**
     * Steps the clock by {@code offsetNanos} at once ({@code ADJ_SETOFFSET | ADJ_NANO}): the kernel adds it to the
     * current time, so no time passes between reading and setting. Needs {@code CAP_SYS_TIME}.
     */
    public void step(long offsetNanos) {
        call(timex -> Timex.fillStep(timex, offsetNanos));
    }

    /**
     * Replaces the writable status bits with {@code flags} ({@code ADJ_STATUS}); read-only bits are refused. Clearing
     * {@code STA_UNSYNC} tells the kernel (and the RTC sync) the clock is synchronised. Needs {@code CAP_SYS_TIME}.
     */
    public void setStatus(Set<ClockStatus> flags) {
        Objects.requireNonNull(flags, "flags");
        call(timex -> Timex.fillStatus(timex, flags));
    }

    /**
     * Sets the maximum and estimated error in microseconds ({@code ADJ_MAXERROR | ADJ_ESTERROR}), as a daemon does
     * after each update; the kernel grows maxerror by 500 µs/s and sets STA_UNSYNC past 16 s. Needs
     * {@code CAP_SYS_TIME}.
     */
    public void setErrors(long maxErrorMicros, long estErrorMicros) {
        call(timex -> Timex.fillErrors(timex, maxErrorMicros, estErrorMicros));
    }

    private KernelClockState call(Consumer<MemorySegment> request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timex = arena.allocate(Timex.LAYOUT);
            request.accept(timex);
            return Timex.decode(invoke(arena, timex), timex);
        }
    }

    private int invoke(Arena arena, MemorySegment timex) {
        MemorySegment capture = arena.allocate(captureLayout);
        int modes = timex.get(JAVA_INT, Timex.MODES);
        int result;
        try {
            result = (int) call.invokeExact(capture, CLOCK_REALTIME, timex);
        } catch (Throwable t) {
            throw new IllegalStateException(symbol + " downcall failed", t);
        }
        if (result < 0) {
            throw new KernelClockException(symbol, Timex.modeNames(modes), capture.get(JAVA_INT, errnoOffset));
        }
        return result;
    }

    /** Where {@code errno} sits in the call-state capture segment. */
    static long errnoOffset() {
        return Linker.Option.captureStateLayout().byteOffset(groupElement("errno"));
    }
}
