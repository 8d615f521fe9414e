package io.edgeplane.core.os;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * One bit of {@code struct timex}'s {@code status}, named as {@code <sys/timex.h>} names it. Read-only bits are
 * the kernel's to set; {@link KernelClock#setStatus} refuses them.
 */
public enum ClockStatus {
    /** Enable PLL updates. */
    STA_PLL(0x0001, false),
    /** Enable PPS frequency discipline. */
    STA_PPSFREQ(0x0002, false),
    /** Enable PPS time discipline. */
    STA_PPSTIME(0x0004, false),
    /** Frequency-lock mode. */
    STA_FLL(0x0008, false),
    /** Insert a leap second at the end of the UTC day. */
    STA_INS(0x0010, false),
    /** Delete a leap second at the end of the UTC day. */
    STA_DEL(0x0020, false),
    /** The clock is not synchronised. */
    STA_UNSYNC(0x0040, false),
    /** Hold the frequency. */
    STA_FREQHOLD(0x0080, false),
    /** PPS signal present. */
    STA_PPSSIGNAL(0x0100, true),
    /** PPS signal jitter exceeded. */
    STA_PPSJITTER(0x0200, true),
    /** PPS signal wander exceeded. */
    STA_PPSWANDER(0x0400, true),
    /** PPS signal calibration error. */
    STA_PPSERROR(0x0800, true),
    /** Clock hardware fault. */
    STA_CLOCKERR(0x1000, true),
    /** Offsets and the time field are in nanoseconds, not microseconds. */
    STA_NANO(0x2000, true),
    /** FLL mode rather than PLL. */
    STA_MODE(0x4000, true),
    /** Clock source B. */
    STA_CLK(0x8000, true);

    private final int mask;
    private final boolean readOnly;

    ClockStatus(int mask, boolean readOnly) {
        this.mask = mask;
        this.readOnly = readOnly;
    }

    /** The bit in {@code status}. */
    public int mask() {
        return mask;
    }

    /** Whether only the kernel sets this bit. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The known bits set in {@code bits}; unknown bits are left out. */
    public static Set<ClockStatus> of(int bits) {
        EnumSet<ClockStatus> set = EnumSet.noneOf(ClockStatus.class);
        for (ClockStatus s : values()) {
            if ((bits & s.mask) != 0) {
                set.add(s);
            }
        }
        return set;
    }

    /** The {@code status} word with exactly {@code flags} set. */
    public static int bits(Collection<ClockStatus> flags) {
        int bits = 0;
        for (ClockStatus s : flags) {
            bits |= s.mask;
        }
        return bits;
    }
}
