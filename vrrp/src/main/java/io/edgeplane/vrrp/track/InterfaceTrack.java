package io.edgeplane.vrrp.track;

import io.edgeplane.core.os.net.LinkEvent;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interface's link ({@code track: { interface: X }}, keepalived's {@code track_interface}, and the instance's
 * own interface, always tracked): up while it is up and running, down while not or once deleted. It follows each
 * change as the kernel reports it, with no fall or rise, as keepalived does; {@link TrackedState#UNKNOWN UNKNOWN}
 * until the first report, which {@link io.edgeplane.core.os.net.LinkMonitor} sends at once.
 */
public final class InterfaceTrack implements Tracker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InterfaceTrack.class);

    private final String interfaceName;
    private final LinkSource source;
    private final TrackerListeners listeners;
    private volatile TrackedState state = TrackedState.UNKNOWN;
    /** Guarded by this. */
    private Subscription watch;
    private boolean started;
    private boolean closed;

    public InterfaceTrack(String interfaceName, LinkSource source) {
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        this.source = Objects.requireNonNull(source, "source");
        this.listeners = new TrackerListeners(name());
    }

    /**
     * Starts watching the link.
     *
     * @throws IOException when the source cannot (the netlink socket cannot be opened)
     */
    public void start() throws IOException {
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException(name() + " was " + (closed ? "closed" : "started") + " already");
            }
            started = true;
        }
        Subscription opened = source.watch(this::linkChanged);
        boolean closeNow;
        synchronized (this) {
            closeNow = closed;
            watch = opened;
        }
        if (closeNow) {
            opened.close();
        }
    }

    private void linkChanged(LinkEvent event) {
        TrackedState next = event.up() ? TrackedState.UP : TrackedState.DOWN;
        synchronized (this) {
            if (closed || next == state) {
                return;
            }
            state = next;
        }
        log.info("{}: link {}{}", name(), event.up() ? "up" : "down", event.link().isEmpty() ? " (deleted)" : "");
        listeners.fire();
    }

    @Override
    public String name() {
        return "interface " + interfaceName;
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public TrackedState state() {
        return state;
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        return listeners.add(listener);
    }

    /** Stops watching. Idempotent. */
    @Override
    public void close() {
        Subscription toClose;
        synchronized (this) {
            closed = true;
            toClose = watch;
            watch = null;
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    @Override
    public String toString() {
        return "InterfaceTrack[" + interfaceName + ", " + state + "]";
    }
}
