package io.edgeplane.core.os.net;

import java.io.IOException;
import java.util.Objects;

/**
 * A system call, or a request the kernel answered through netlink, failed. Says which call on what, the errno's
 * symbolic name and the C library's text for it, and for EPERM which capability is missing.
 */
public final class SystemCallException extends IOException {

    private final String call;
    private final int errno;

    SystemCallException(String call, int errno, String description) {
        super(call + " failed: " + Errno.name(errno) + " (" + Objects.requireNonNull(description, "description") + ")"
                + hint(errno));
        this.call = Objects.requireNonNull(call, "call");
        this.errno = errno;
    }

    /** The call and what it was asked, as in the message: {@code "setsockopt(IP_ADD_MEMBERSHIP 224.0.0.18)"}. */
    public String call() {
        return call;
    }

    /** The errno the call left (for netlink, the negated error of {@code NLMSG_ERROR}). */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, as {@code <errno.h>} spells it, or {@code "errno N"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    private static String hint(int errno) {
        // Raw, packet and rtnetlink changes all need CAP_NET_RAW or CAP_NET_ADMIN; say so where it is the cause.
        return errno == Errno.EPERM || errno == Errno.EACCES
                ? ": needs CAP_NET_RAW (raw and packet sockets) or CAP_NET_ADMIN (addresses, namespaces): run as root"
                        + " or with AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN"
                : "";
    }
}
