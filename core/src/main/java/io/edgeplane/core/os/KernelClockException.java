package io.edgeplane.core.os;

/** {@code clock_adjtime} failed; says which request, which errno, and for EPERM what privilege is missing. */
public final class KernelClockException extends RuntimeException {

    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EFAULT = 14;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;

    private final int errno;

    KernelClockException(String symbol, String request, int errno) {
        super(symbol + "(" + request + ") failed: " + describe(errno));
        this.errno = errno;
    }

    /** The errno the call left. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, as {@code <errno.h>} spells it, or {@code "errno N"}. */
    public String errnoName() {
        return name(errno);
    }

    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case EINTR -> "EINTR";
            case EFAULT -> "EFAULT";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOSYS -> "ENOSYS";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            default -> "errno " + errno;
        };
    }

    private static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM: needs CAP_SYS_TIME: run as root or with AmbientCapabilities=CAP_SYS_TIME";
            case EINVAL -> "EINVAL: the kernel refused a value or mode in the request";
            case ENODEV -> "ENODEV: no such clock";
            case ENOSYS -> "ENOSYS: this kernel has no clock_adjtime";
            case EOPNOTSUPP -> "EOPNOTSUPP: this clock cannot be adjusted";
            default -> name(errno);
        };
    }
}
