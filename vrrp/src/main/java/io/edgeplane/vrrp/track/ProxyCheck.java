package io.edgeplane.vrrp.track;

import io.edgeplane.config.vrrp.VrrpTrackConfig;
import io.edgeplane.core.health.HealthSignals;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy listener or upstream pool of this config ({@code track: { listener: X }}, {@code { pool: X }}), asked
 * of {@link HealthSignals} every second from {@link #start()}, the first time at once; what was a
 * {@code check_haproxy.sh} in keepalived. The observations are counted by {@link FallRise} with the tracker's
 * {@code fall} and {@code rise}. A name the proxy does not know (yet) counts as a failure: the config check has
 * made sure it is configured, so a proxy that does not run it is not serving it.
 */
public final class ProxyCheck implements Tracker, AutoCloseable {

    /** How often the proxy is asked. */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ProxyCheck.class);

    private final VrrpTrackConfig.Kind kind;
    private final String target;
    private final HealthSignals signals;
    private final ScheduledExecutorService scheduler;
    private final Duration period;
    private final TrackerListeners listeners;
    private final FallRise observations;
    private volatile TrackedState state = TrackedState.UNKNOWN;
    /** Guarded by this. */
    private boolean closed;
    private ScheduledFuture<?> timer;
    private boolean unknownReported;

    /**
     * @param kind      {@link VrrpTrackConfig.Kind#LISTENER LISTENER} or {@link VrrpTrackConfig.Kind#POOL POOL}
     * @param target    the listener's or pool's name in the {@code proxy} section
     * @param fall      consecutive bad observations before it counts as down ({@code VrrpConfig.fall(tracker)})
     * @param rise      consecutive good observations before it counts as up ({@code VrrpConfig.rise(tracker)})
     * @param scheduler asks the proxy; {@link HealthSignals} does not block
     */
    public ProxyCheck(VrrpTrackConfig.Kind kind, String target, int fall, int rise, HealthSignals signals,
            ScheduledExecutorService scheduler) {
        this(kind, target, fall, rise, signals, scheduler, PERIOD);
    }

    /** @param period how often the proxy is asked; {@link #PERIOD} in production */
    public ProxyCheck(VrrpTrackConfig.Kind kind, String target, int fall, int rise, HealthSignals signals,
            ScheduledExecutorService scheduler, Duration period) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (kind != VrrpTrackConfig.Kind.LISTENER && kind != VrrpTrackConfig.Kind.POOL) {
            throw new IllegalArgumentException("a proxy check watches a listener or a pool, not " + kind.key());
        }
        this.target = Objects.requireNonNull(target, "target");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.period = Objects.requireNonNull(period, "period");
        if (!period.isPositive()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        this.observations = new FallRise(fall, rise);
        this.listeners = new TrackerListeners(name());
    }

    /** Starts asking: at once, then every period. */
    public synchronized void start() {
        if (timer != null || closed) {
            throw new IllegalStateException(name() + " was " + (closed ? "closed" : "started") + " already");
        }
        timer = scheduler.scheduleAtFixedRate(this::observe, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void observe() {
        Optional<Boolean> healthy;
        try {
            healthy = kind == VrrpTrackConfig.Kind.LISTENER ? signals.listenerHealthy(target) : signals.poolHealthy(target);
        } catch (RuntimeException e) {
            log.error("{}: asking the proxy failed; counted as a failure", name(), e);
            healthy = Optional.of(false);
        }
        boolean changed;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (healthy.isEmpty() && !unknownReported) {
                log.warn("{}: the proxy runs no {} of that name; counted as a failure until it does", name(), kind.key());
            }
            unknownReported = healthy.isEmpty();
            changed = observations.observe(healthy.orElse(false));
            state = observations.state();
        }
        if (changed) {
            log.info("{}: now {}", name(), state);
            listeners.fire();
        }
    }

    @Override
    public String name() {
        return kind.key() + " " + target;
    }

    @Override
    public TrackedState state() {
        return state;
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        return listeners.add(listener);
    }

    /** Stops asking. Idempotent. */
    @Override
    public void close() {
        ScheduledFuture<?> toCancel;
        synchronized (this) {
            closed = true;
            toCancel = timer;
        }
        if (toCancel != null) {
            toCancel.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "ProxyCheck[" + name() + ", " + state + "]";
    }
}
