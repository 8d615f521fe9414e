package io.edgeplane.core.os;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.time.Instant;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code struct timex} of LP64 glibc (x86_64 and aarch64): its layout, the decoding of what the kernel wrote,
 * and the filling of one request. Kept apart from the native call so both are tested on plain memory.
 */
final class Timex {

    static final int ADJ_OFFSET = 0x0001;
    static final int ADJ_FREQUENCY = 0x0002;
    static final int ADJ_MAXERROR = 0x0004;
    static final int ADJ_ESTERROR = 0x0008;
    static final int ADJ_STATUS = 0x0010;
    static final int ADJ_TIMECONST = 0x0020;
    static final int ADJ_TAI = 0x0080;
    static final int ADJ_SETOFFSET = 0x0100;
    static final int ADJ_MICRO = 0x1000;
    static final int ADJ_NANO = 0x2000;
    static final int ADJ_TICK = 0x4000;
    static final int ADJ_OFFSET_SINGLESHOT = 0x8001;
    static final int ADJ_OFFSET_SS_READ = 0xa001;

    /** The kernel clamps the frequency to ±500 ppm (MAXFREQ); a request beyond it is refused, not clamped. */
    static final double MAX_FREQUENCY_PPM = 500.0;
    /** The bound glibc's adjtime(3) puts on a single-shot slew: about 35 minutes, 50 days of slewing at 500 ppm. */
    static final long MAX_SLEW_NANOS = (Integer.MAX_VALUE / 1_000_000L - 2) * 1_000_000_000L;

    private static final double SCALED_PPM = 65536.0;

    /** Checked against {@code offsetof}/{@code sizeof} in bits/timex.h by a compiled probe: 208 bytes. */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("modes"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("offset"),
            JAVA_LONG.withName("freq"),
            JAVA_LONG.withName("maxerror"),
            JAVA_LONG.withName("esterror"),
            JAVA_INT.withName("status"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("constant"),
            JAVA_LONG.withName("precision"),
            JAVA_LONG.withName("tolerance"),
            MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec")).withName("time"),
            JAVA_LONG.withName("tick"),
            JAVA_LONG.withName("ppsfreq"),
            JAVA_LONG.withName("jitter"),
            JAVA_INT.withName("shift"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("stabil"),
            JAVA_LONG.withName("jitcnt"),
            JAVA_LONG.withName("calcnt"),
            JAVA_LONG.withName("errcnt"),
            JAVA_LONG.withName("stbcnt"),
            JAVA_INT.withName("tai"),
            MemoryLayout.paddingLayout(11 * 4)).withName("timex");

    static final long MODES = offset("modes");
    static final long OFFSET = offset("offset");
    static final long FREQ = offset("freq");
    static final long MAXERROR = offset("maxerror");
    static final long ESTERROR = offset("esterror");
    static final long STATUS = offset("status");
    static final long CONSTANT = offset("constant");
    static final long PRECISION = offset("precision");
    static final long TOLERANCE = offset("tolerance");
    static final long TV_SEC = LAYOUT.byteOffset(groupElement("time"), groupElement("tv_sec"));
    static final long TV_USEC = LAYOUT.byteOffset(groupElement("time"), groupElement("tv_usec"));
    static final long TICK = offset("tick");
    static final long TAI = offset("tai");

    private Timex() {
    }

    static long offset(String field) {
        return LAYOUT.byteOffset(groupElement(field));
    }

    /** Reads what the kernel wrote into {@code timex}, {@code returnValue} being the call's result. */
    static KernelClockState decode(int returnValue, MemorySegment timex) {
        int status = timex.get(JAVA_INT, STATUS);
        boolean nano = (status & ClockStatus.STA_NANO.mask()) != 0;
        long subUnit = nano ? 1 : 1_000;
        // With STA_NANO the kernel puts nanoseconds in time.tv_usec too.
        Instant time = Instant.ofEpochSecond(timex.get(JAVA_LONG, TV_SEC), timex.get(JAVA_LONG, TV_USEC) * subUnit);
        return new KernelClockState(
                ClockState.of(returnValue),
                timex.get(JAVA_LONG, OFFSET) * subUnit,
                timex.get(JAVA_LONG, FREQ) / SCALED_PPM,
                timex.get(JAVA_LONG, MAXERROR),
                timex.get(JAVA_LONG, ESTERROR),
                status,
                timex.get(JAVA_LONG, CONSTANT),
                timex.get(JAVA_LONG, PRECISION),
                timex.get(JAVA_LONG, TOLERANCE) / SCALED_PPM,
                time,
                timex.get(JAVA_LONG, TICK),
                timex.get(JAVA_INT, TAI));
    }

    /** A read: {@code modes = 0} changes nothing and needs no privilege. */
    static void fillRead(MemorySegment timex) {
        timex.set(JAVA_INT, MODES, 0);
    }

    /** Reads the single-shot slew still to run; needs no privilege. */
    static void fillSlewRead(MemorySegment timex) {
        timex.set(JAVA_INT, MODES, ADJ_OFFSET_SS_READ);
    }

    static void fillFrequency(MemorySegment timex, double ppm) {
        if (!(Math.abs(ppm) <= MAX_FREQUENCY_PPM)) {
            throw new IllegalArgumentException("frequency " + ppm + " ppm: expected a number within ±" + MAX_FREQUENCY_PPM + " ppm");
        }
        timex.set(JAVA_INT, MODES, ADJ_FREQUENCY);
        timex.set(JAVA_LONG, FREQ, Math.round(ppm * SCALED_PPM));
    }

    /** adjtime(3) semantics: the kernel slews by the offset at 500 ppm and stops; microseconds, nanos rounded. */
    static void fillSlew(MemorySegment timex, long offsetNanos) {
        if (Math.abs(offsetNanos) > MAX_SLEW_NANOS) {
            throw new IllegalArgumentException("slew of " + offsetNanos + " ns: expected at most ±" + MAX_SLEW_NANOS
                    + " ns (a larger offset is a step)");
        }
        timex.set(JAVA_INT, MODES, ADJ_OFFSET_SINGLESHOT);
        timex.set(JAVA_LONG, OFFSET, Math.round(offsetNanos / 1_000.0));
    }

    /** The kernel wants the offset as seconds plus a non-negative nanosecond part, also for negative offsets. */
    static void fillStep(MemorySegment timex, long offsetNanos) {
        timex.set(JAVA_INT, MODES, ADJ_SETOFFSET | ADJ_NANO);
        timex.set(JAVA_LONG, TV_SEC, Math.floorDiv(offsetNanos, 1_000_000_000L));
        timex.set(JAVA_LONG, TV_USEC, Math.floorMod(offsetNanos, 1_000_000_000L));
    }

    static void fillStatus(MemorySegment timex, Set<ClockStatus> flags) {
        for (ClockStatus flag : flags) {
            if (flag.readOnly()) {
                throw new IllegalArgumentException("status " + flags + ": " + flag + " is read-only, expected only "
                        + "STA_PLL, STA_PPSFREQ, STA_PPSTIME, STA_FLL, STA_INS, STA_DEL, STA_UNSYNC, STA_FREQHOLD");
            }
        }
        timex.set(JAVA_INT, MODES, ADJ_STATUS);
        timex.set(JAVA_INT, STATUS, ClockStatus.bits(flags));
    }

    static void fillErrors(MemorySegment timex, long maxErrorMicros, long estErrorMicros) {
        if (maxErrorMicros < 0 || estErrorMicros < 0) {
            throw new IllegalArgumentException("errors max " + maxErrorMicros + " µs, est " + estErrorMicros
                    + " µs: expected both ≥ 0");
        }
        timex.set(JAVA_INT, MODES, ADJ_MAXERROR | ADJ_ESTERROR);
        timex.set(JAVA_LONG, MAXERROR, maxErrorMicros);
        timex.set(JAVA_LONG, ESTERROR, estErrorMicros);
    }

    /** The {@code ADJ_*} names of {@code modes}, for error messages: {@code "ADJ_SETOFFSET|ADJ_NANO"}. */
    static String modeNames(int modes) {
        if (modes == 0) {
            return "read";
        }
        if (modes == ADJ_OFFSET_SINGLESHOT) {
            return "ADJ_OFFSET_SINGLESHOT";
        }
        if (modes == ADJ_OFFSET_SS_READ) {
            return "ADJ_OFFSET_SS_READ";
        }
        String[] names = {"ADJ_OFFSET", "ADJ_FREQUENCY", "ADJ_MAXERROR", "ADJ_ESTERROR", "ADJ_STATUS",
            "ADJ_TIMECONST", null, "ADJ_TAI", "ADJ_SETOFFSET", null, null, null, "ADJ_MICRO", "ADJ_NANO", "ADJ_TICK"};
        StringJoiner joined = new StringJoiner("|");
        for (int bit = 0; bit < 32; bit++) {
            if ((modes & (1 << bit)) != 0) {
                joined.add(bit < names.length && names[bit] != null ? names[bit] : "0x" + Integer.toHexString(1 << bit));
            }
        }
        return joined.toString();
    }
}
