package io.edgeplane.vrrp.server;

import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import io.edgeplane.vrrp.state.AdvertNotice;
import io.edgeplane.vrrp.state.AdvertisementVerdict;
import io.edgeplane.vrrp.state.StateChange;
import io.edgeplane.vrrp.state.VrrpActions;
import io.edgeplane.vrrp.state.VrrpInstance;
import io.edgeplane.vrrp.state.VrrpInstanceSettings;
import io.edgeplane.vrrp.track.TrackingStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running VRRP instance: its state machine driven on the service's single thread (adverts from the
 * channel's receive thread are handed over to it, its timers are scheduled on it), and the world it acts on: the
 * advertisement channel, its virtual addresses, and whoever is told of state changes (notify scripts, sync group
 * scripts). Everything but {@link #received} runs on that thread.
 */
final class InstanceRunner implements VrrpActions {

    private static final Logger log = LoggerFactory.getLogger(InstanceRunner.class);

    private final VrrpInstanceConfig config;
    private final VrrpInstance instance;
    private final AdvertisementChannel channel;
    private final VirtualAddresses addresses;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanos;
    private final VrrpMeters serviceMeters;
    /** This run's series: registered at the start, removed at the stop (a reload's successor registers its own). */
    private VrrpMeters.Instance meters;
    private final Consumer<StateChange> changes;
    private final Runnable settle;
    private final AdvertisementChannel.Listener listener = this::received;
    private ScheduledFuture<?> timer;
    private long timerDeadline;
    private boolean running;
    private boolean sendFailing;
    private volatile InstanceStatus status;

    /**
     * @param changes told of every state change, on the service thread
     * @param settle  run after anything moved a state machine: reschedules every instance's timer, since a sync
     *                group's members change each other's state
     */
    InstanceRunner(VrrpInstanceConfig config, VrrpInstanceSettings settings, AdvertisementChannel channel,
                   VirtualAddresses addresses, ScheduledExecutorService executor, LongSupplier nanos,
                   VrrpMeters meters, Consumer<StateChange> changes, Runnable settle) {
        this.config = Objects.requireNonNull(config, "config");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.serviceMeters = Objects.requireNonNull(meters, "meters");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.instance = new VrrpInstance(settings, channel.primaryAddress(), nanos, this);
        publish();
    }

    VrrpInstance instance() {
        return instance;
    }

    InstanceStatus status() {
        return status;
    }

    /**
     * Starts listening and the state machine, with the trackers' status now: an instance whose interface is down or
     * whose weight-0 tracker has failed (or has no result yet) starts in FAULT, as keepalived's does. On the service
     * thread.
     */
    void start(TrackingStatus tracking) {
        meters = serviceMeters.instance(config.name());
        channel.register(config.virtualRouterId(), listener);
        running = true;
        tracking.applyTo(instance);
        instance.start();
        log.info("vrrp {}: started on {} (VRID {}, version {}, priority {}, advert every {} ms{})", config.name(),
                channel.key(), config.virtualRouterId(), config.version(), config.priority(),
                config.advertInterval().toMillis(), config.unicast() ? ", unicast to " + config.unicastPeers() : "");
        settle.run();
    }

    /** A master sends priority 0 and gives up its addresses; then nothing more is sent. On the service thread. */
    void stop() {
        if (!running) {
            return;
        }
        instance.stop();
        running = false;
        channel.unregister(config.virtualRouterId(), listener);
        cancelTimer();
        publish();
        meters.close();
    }

    /**
     * Tracking changed: the status is brought into the state machine. On the service thread; before the start it is
     * left for {@link #start} to read afresh.
     */
    void tracking(TrackingStatus now) {
        if (!running) {
            return;
        }
        now.applyTo(instance);
        settle.run();
    }

    /** Reschedules the timer for the state machine's next deadline and publishes the status. */
    void reschedule() {
        publish();
        if (!running) {
            return;
        }
        OptionalLong next = instance.nextDeadline();
        if (next.isEmpty()) {
            cancelTimer();
            return;
        }
        if (timer != null && timerDeadline == next.getAsLong()) {
            return;
        }
        cancelTimer();
        timerDeadline = next.getAsLong();
        timer = executor.schedule(this::fire, Math.max(0, timerDeadline - nanos.getAsLong()), TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (running) {
            instance.onTimer();
            settle.run();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** On the channel's receive thread: hands the advert to the service thread. */
    private void received(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination) {
        executor.execute(() -> {
            if (!running) {
                return;
            }
            AdvertisementVerdict verdict = instance.receive(advertisement, source, destination);
            switch (verdict) {
                case ACCEPTED -> meters.received();
                // Stopped or in FAULT: keepalived does not listen then either; nothing to count.
                case NOT_LISTENING -> { }
                default -> meters.refused(verdict.name().toLowerCase(Locale.ROOT));
            }
            settle.run();
        });
    }

    private void publish() {
        boolean counted = meters != null;
        status = InstanceStatus.of(config, instance, channel.primaryAddress(), counted ? meters.sentCount() : 0,
                counted ? meters.receivedCount() : 0);
        if (counted) {
            meters.state(instance.state(), instance.effectivePriority());
        }
    }

    @Override
    public void sendAdvertisement(VrrpAdvertisement advertisement) {
        List<InetAddress> destinations = config.unicast() ? config.unicastPeers() : List.of(channel.group());
        for (InetAddress destination : destinations) {
            try {
                channel.send(advertisement, destination);
                meters.sent();
                if (sendFailing) {
                    sendFailing = false;
                    log.info("vrrp {}: sending adverts works again", config.name());
                }
            } catch (IOException | RuntimeException e) {
                // Said once until it works again: a master whose adverts fail is about to be replaced.
                if (!sendFailing) {
                    log.warn("vrrp {}: sending an advert to {} failed: {}", config.name(), destination.getHostAddress(),
                            e.getMessage());
                    sendFailing = true;
                }
            }
        }
    }

    @Override
    public void addVirtualAddresses() {
        addresses.add();
    }

    @Override
    public void removeVirtualAddresses() {
        addresses.remove();
    }

    @Override
    public void sendGratuitousArps(int rounds) {
        addresses.announce(rounds);
    }

    @Override
    public void cancelGratuitousArps() {
        // Nothing is queued: every round asked for is sent at once.
    }

    @Override
    public void stateChanged(StateChange change) {
        log.info("vrrp {}: {} -> {} ({}), priority {}", change.name(), change.from(), change.to(),
                change.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '), instance.effectivePriority());
        meters.transition(change.to());
        changes.accept(change);
    }

    @Override
    public void advertNotice(AdvertNotice notice, InetAddress source, int priority) {
        log.info("vrrp {}: {} from {} (priority {})", config.name(),
                notice.name().toLowerCase(Locale.ROOT).replace('_', ' '), source.getHostAddress(), priority);
    }
}
