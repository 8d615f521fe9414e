package io.edgeplane.core.os.net;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of an interface between up and down, as {@link LinkMonitor} reports it.
 *
 * @param ifindex the interface
 * @param up      whether it is now {@link Link#isOperational() up and running}
 * @param link    the interface as the kernel now reports it; empty when it was deleted
 */
public record LinkEvent(int ifindex, boolean up, Optional<Link> link) {

    /** Requires the link. */
    public LinkEvent {
        Objects.requireNonNull(link, "link");
    }
}
