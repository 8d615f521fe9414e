package io.edgeplane.core.os;

/**
 * The kernel clock's leap-second state: what {@code clock_adjtime} returns on success. Named as
 * {@code <sys/timex.h>} and {@code adjtimex(2)} name them.
 */
public enum ClockState {
    /** Synchronised, no leap second pending. */
    TIME_OK,
    /** A leap second will be inserted at the end of the UTC day. */
    TIME_INS,
    /** A leap second will be deleted at the end of the UTC day. */
    TIME_DEL,
    /** A leap second insertion is in progress. */
    TIME_OOP,
    /** A leap second has occurred; the state stays until STA_INS and STA_DEL are cleared. */
    TIME_WAIT,
    /** The clock is not synchronised (STA_UNSYNC or a PPS fault). */
    TIME_ERROR;

    private static final ClockState[] BY_CODE = values();

    /** The kernel's number for this state. */
    public int code() {
        return ordinal();
    }

    /** The state for a return value of {@code clock_adjtime}; fails on a number the kernel never returns. */
    public static ClockState of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalStateException("clock_adjtime returned clock state " + code + ", expected 0 (TIME_OK) to 5 (TIME_ERROR)");
        }
        return BY_CODE[code];
    }
}
