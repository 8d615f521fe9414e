package io.edgeplane.vrrp.track;

import io.edgeplane.config.vrrp.VrrpConfig;
import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.config.vrrp.VrrpTrackConfig;
import io.edgeplane.vrrp.state.TrackingPriority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP instance's trackers, summed as keepalived does ({@link TrackingPriority}): a positive weight counts
 * while its tracker is up, a negative one while it is down, and weight 0 makes a down tracker a FAULT. The
 * instance's own interface is one of them, with weight 0, so a down link is a FAULT.
 *
 * <p>From {@link #start()}, each change of the sum or of the faults is passed to the listener as a new
 * {@link TrackingStatus}, on the thread of the tracker that changed, one call at a time and in order; the
 * listener must not block: the service re-posts it to the instance's event loop and there calls
 * {@link TrackingStatus#applyTo}. The trackers themselves are not started or closed here: several instances may
 * share them.
 */
public final class InstanceTracking implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceTracking.class);

    /** A tracker and the weight this instance gives it. */
    public record Tracked(Tracker tracker, int weight) {
        public Tracked {
            Objects.requireNonNull(tracker, "tracker");
            // TrackingPriority's range; the config's is narrower.
            TrackingPriority.contribution(weight, true);
        }
    }

    private final String instanceName;
    private final List<Tracked> tracked;
    private final Consumer<TrackingStatus> listener;
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** Guarded by this. */
    private TrackingStatus delivered;
    private boolean started;
    private boolean closed;

    /**
     * @param instanceName for logs
     * @param tracked      the trackers, each once (their names become fault causes)
     * @param listener     gets each new status; quick, non-blocking
     */
    public InstanceTracking(String instanceName, List<Tracked> tracked, Consumer<TrackingStatus> listener) {
        this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
        this.tracked = List.copyOf(tracked);
        this.listener = Objects.requireNonNull(listener, "listener");
        Set<String> names = new HashSet<>();
        for (Tracked t : this.tracked) {
            if (!names.add(t.tracker().name())) {
                throw new IllegalArgumentException("instance " + instanceName + " tracks " + t.tracker().name()
                        + " twice; expected each tracker once");
            }
        }
    }

    /**
     * The trackers of a configured instance: its own interface with weight 0, then each entry of its
     * {@code track} with its effective weight ({@link VrrpConfig#weight}).
     *
     * @param ownInterface the tracker of {@code instance.interfaceName()}
     * @param trackers     the tracker of each entry: a shared {@link ScriptCheck} for a script, a
     *                     {@link ProxyCheck} built with {@link VrrpConfig#fall} and {@link VrrpConfig#rise} for a
     *                     listener or pool, an {@link InterfaceTrack} for an interface
     */
    public static InstanceTracking of(VrrpConfig vrrp, VrrpInstanceConfig instance, Tracker ownInterface,
            Function<VrrpTrackConfig, Tracker> trackers, Consumer<TrackingStatus> listener) {
        List<Tracked> tracked = new ArrayList<>();
        tracked.add(new Tracked(ownInterface, 0));
        for (VrrpTrackConfig entry : instance.track()) {
            Tracker tracker = Objects.requireNonNull(trackers.apply(entry), () -> "no tracker for " + entry);
            tracked.add(new Tracked(tracker, vrrp.weight(entry)));
        }
        return new InstanceTracking(instance.name(), tracked, listener);
    }

    /**
     * Subscribes to the trackers and returns the status now, which the listener does not get: apply it before
     * starting the instance. Later changes go to the listener.
     */
    public TrackingStatus start() {
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException("tracking of instance " + instanceName + " was "
                        + (closed ? "closed" : "started") + " already");
            }
            started = true;
            for (Tracked t : tracked) {
                subscriptions.add(t.tracker().subscribe(this::trackerChanged));
            }
            delivered = compute();
            return delivered;
        }
    }

    private synchronized void trackerChanged() {
        if (closed || delivered == null) {
            return;
        }
        TrackingStatus now = compute();
        if (now.equals(delivered)) {
            return;
        }
        log.info("instance {}: tracking weight {}, faults {}{}", instanceName, now.weightSum(), now.faults(),
                now.settled() ? "" : ", no result yet from " + now.unknown());
        delivered = now;
        // Called under the lock, so that statuses reach the listener in the order they were computed.
        try {
            listener.accept(now);
        } catch (RuntimeException e) {
            log.error("instance {}: the tracking listener failed on {}", instanceName, now, e);
        }
    }

    /** The status the trackers give now. */
    public synchronized TrackingStatus status() {
        return compute();
    }

    private TrackingStatus compute() {
        int sum = 0;
        Set<String> faults = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (Tracked t : tracked) {
            TrackedState state = t.tracker().state();
            String name = t.tracker().name();
            if (state == TrackedState.UNKNOWN) {
                unknown.add(name);
                // keepalived: a script without a result moves no priority, but one of weight 0 holds the instance.
                if (t.weight() == 0) {
                    faults.add(name);
                }
                continue;
            }
            boolean up = state == TrackedState.UP;
            sum += TrackingPriority.contribution(t.weight(), up);
            if (TrackingPriority.faults(t.weight(), up)) {
                faults.add(name);
            }
        }
        return new TrackingStatus(sum, faults, unknown);
    }

    public String instanceName() {
        return instanceName;
    }

    public List<Tracked> tracked() {
        return tracked;
    }

    /** Unsubscribes; the listener is not called afterwards. The trackers go on. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }
}
