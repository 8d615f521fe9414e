package io.edgeplane.ntp.clock;

/** The kernel refused to adjust the system clock; {@link #notPermitted()} when the privilege is what is missing. */
public final class SystemClockException extends RuntimeException {

    private final boolean notPermitted;

    public SystemClockException(String message, boolean notPermitted, Throwable cause) {
        super(message, cause);
        this.notPermitted = notPermitted;
    }

    /** EPERM: the process lacks {@code CAP_SYS_TIME}; asking again will not help. */
    public boolean notPermitted() {
        return notPermitted;
    }
}
