package io.edgeplane.core.os.net;

/** RFC 2863's operational state of an interface as the kernel reports it ({@code IFLA_OPERSTATE}, {@code IF_OPER_*}). */
public enum OperState {
    UNKNOWN, NOT_PRESENT, DOWN, LOWER_LAYER_DOWN, TESTING, DORMANT, UP;

    /** The state for the kernel's {@code IF_OPER_*} value; values beyond {@code IF_OPER_UP} read as UNKNOWN. */
    public static OperState of(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
