package io.edgeplane.vrrp.track;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one tracker: subscribed and removed from any thread, called one after another. */
final class TrackerListeners {

    private static final Logger log = LoggerFactory.getLogger(TrackerListeners.class);

    private final String tracker;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    TrackerListeners(String tracker) {
        this.tracker = tracker;
    }

    Subscription add(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        // A wrapper per subscription, so one listener subscribed twice is removed once per close.
        Runnable entry = listener::run;
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    void fire() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("{}: a listener failed", tracker, e);
            }
        }
    }
}
