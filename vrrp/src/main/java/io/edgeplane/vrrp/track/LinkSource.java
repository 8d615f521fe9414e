package io.edgeplane.vrrp.track;

import io.edgeplane.core.os.net.Libc;
import io.edgeplane.core.os.net.LinkEvent;
import io.edgeplane.core.os.net.LinkMonitor;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where an interface's ups and downs come from: the kernel through a {@link LinkMonitor} in production, a fake in
 * tests. The listener gets the current state first, then each change, one call at a time.
 */
@FunctionalInterface
public interface LinkSource {

    /** Starts watching; closing the subscription stops it. */
    Subscription watch(Consumer<LinkEvent> listener) throws IOException;

    /** A {@link LinkMonitor} of interface {@code ifindex}, in the namespace of the thread that calls watch. */
    static LinkSource monitor(Libc libc, int ifindex) {
        return listener -> {
            LinkMonitor monitor = LinkMonitor.start(libc, ifindex, listener);
            return monitor::close;
        };
    }
}
