package io.edgeplane.ntp.server;

import io.edgeplane.config.ntp.NtpConfig;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.ntp.client.NtpClient;
import io.edgeplane.ntp.client.SourceAddresses;
import io.edgeplane.ntp.client.SystemUpdate;
import io.edgeplane.ntp.clock.ClockAdjustment;
import io.edgeplane.ntp.clock.DisciplinedClock;
import io.edgeplane.ntp.clock.DriftRecorder;
import io.edgeplane.ntp.clock.SystemClockSteering;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's time: edgeplane's disciplined time scale, the client steering it from the configured sources,
 * the drift file, what the server may say of it, and with {@code discipline: system} the steering of the system
 * clock to it, once a second and right after a step. A reload that changes the sources starts the client afresh
 * (names are resolved off the event loops); one that keeps them keeps the client and its samples.
 */
final class TimeKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimeKeeper.class);
    /** With no clock update for this long (four polls at the longest interval, 1024 s), the time is not vouched for. */
    private static final long STALE_AFTER_NANOS = 4 * 1024 * 1_000_000_000L;
    /** chronyd adjusts the kernel clock at each update; once a second keeps the slew within 500 µs of the time scale. */
    private static final long STEERING_INTERVAL_SECONDS = 1;

    private final DisciplinedClock clock;
    private final Optional<DriftRecorder> drift;
    private final EventLoops eventLoops;
    private final Executor blocking;
    private final SourceAddresses.Lookup lookup;
    private final LongSupplier monotonicNanos;
    private final Optional<SystemClockSteering> steering;
    private volatile ScheduledFuture<?> steeringTask;
    private volatile NtpClient client;
    private volatile SystemUpdate lastSync;
    private volatile long lastSyncUnixNanos;
    private volatile boolean everSynchronised;
    private Object sourcesConfig;

    /**
     * @param monotonicNanos the clock {@code clock} counts on: measurements are timed with it
     * @param steering       with {@code discipline: system}, what makes the system clock follow {@code clock}
     */
    TimeKeeper(DisciplinedClock clock, Optional<DriftRecorder> drift, EventLoops eventLoops, Executor blocking,
               SourceAddresses.Lookup lookup, LongSupplier monotonicNanos, Optional<SystemClockSteering> steering) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.drift = Objects.requireNonNull(drift, "drift");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
        this.steering = Objects.requireNonNull(steering, "steering");
    }

    DisciplinedClock clock() {
        return clock;
    }

    /** Starts steering the system clock, with {@code discipline: system}; once. */
    synchronized void startSteering() {
        if (steering.isPresent() && steeringTask == null) {
            steeringTask = eventLoops.group().next().scheduleAtFixedRate(this::steer, 0, STEERING_INTERVAL_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** How the system clock is handled now; empty with {@code discipline: none}. */
    Optional<SystemClockSteering.Status> steeringStatus() {
        return steering.map(SystemClockSteering::status);
    }

    private void steer() {
        SystemClockSteering steerer = steering.orElseThrow();
        try {
            Optional<SystemClockSteering.Synchronisation> synchronisation = Optional.ofNullable(lastSync)
                    .filter(update -> !stale(update))
                    .map(update -> new SystemClockSteering.Synchronisation(
                            update.rootDelayNanos() / 2 + update.rootDispersionNanos(), update.jitterNanos()));
            if (!steerer.tick(synchronisation)) {
                ScheduledFuture<?> task = steeringTask;
                if (task != null) {
                    task.cancel(false);
                }
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: say so and steer at the next tick.
            log.warn("ntp: steering the system clock failed: {}", e.toString());
        }
    }

    private boolean stale(SystemUpdate update) {
        return monotonicNanos.getAsLong() - update.atNanos() > STALE_AFTER_NANOS;
    }

    /** Starts, restarts or stops the client for {@code ntp}'s sources; on commit. */
    synchronized void apply(NtpConfig ntp) {
        List<Object> wanted = List.of(ntp.servers(), ntp.pools());
        if (wanted.equals(sourcesConfig)) {
            return;
        }
        sourcesConfig = wanted;
        NtpClient old = client;
        client = null;
        if (old != null) {
            old.close();
        }
        if (ntp.servers().isEmpty() && ntp.pools().isEmpty()) {
            return;
        }
        blocking.execute(() -> start(ntp, wanted));
    }

    private void start(NtpConfig ntp, Object forConfig) {
        List<SourceAddresses.Source> sources = SourceAddresses.resolve(ntp, lookup);
        synchronized (this) {
            if (forConfig != sourcesConfig) {
                return;
            }
            if (sources.isEmpty()) {
                log.warn("ntp: none of the servers and pools resolved; not synchronising until the next reload");
                return;
            }
            NtpClient fresh = new NtpClient(sources, eventLoops.group().next(), eventLoops.datagramChannelType(),
                    clock::nowUnixNanos, monotonicNanos, new SecureRandom(), this::synchronised);
            client = fresh;
            fresh.start();
            log.info("ntp: polling {} source(s): {}", sources.size(),
                    sources.stream().map(s -> s.address().getAddress().getHostAddress() + ":" + s.address().getPort()).toList());
        }
    }

    /** A round of selection found a majority: steer the time scale by it. On the client's loop. */
    private void synchronised(SystemUpdate update) {
        ClockAdjustment adjustment;
        try {
            adjustment = clock.update(update.offsetNanos(), update.atNanos(),
                    update.peer().rootDistance(monotonicNanos.getAsLong()));
        } catch (IllegalArgumentException e) {
            log.debug("ntp: a measurement older than the last clock update was not used: {}", e.getMessage());
            return;
        }
        if (adjustment instanceof ClockAdjustment.Hold) {
            return;
        }
        if (adjustment instanceof ClockAdjustment.Step) {
            NtpClient current = client;
            if (current != null) {
                current.clearSamples();
            }
        }
        lastSync = update;
        lastSyncUnixNanos = clock.nowUnixNanos();
        everSynchronised = true;
        if (adjustment instanceof ClockAdjustment.Step && steeringTask != null) {
            // The system clock follows a step at once, not up to a second later.
            steer();
        }
        drift.ifPresent(recorder -> recorder.offer(clock.drift()));
    }

    /** The synchronised state to serve, if the time scale was updated recently enough to vouch for it. */
    Optional<ServerState> synchronisedState() {
        SystemUpdate update = lastSync;
        if (update == null || stale(update)) {
            return Optional.empty();
        }
        return Optional.of(new ServerState(NtpPacket.LEAP_NONE, update.stratum(), ServerState.DEFAULT_PRECISION,
                NtpShort.ofNanos(update.rootDelayNanos()), NtpShort.ofNanos(update.rootDispersionNanos()),
                update.referenceId(), NtpTimestamp.ofUnixNanos(lastSyncUnixNanos)));
    }

    boolean everSynchronised() {
        return everSynchronised;
    }

    NtpClient.Status status() {
        NtpClient current = client;
        return current == null ? NtpClient.Status.IDLE : current.status();
    }

    @Override
    public synchronized void close() {
        ScheduledFuture<?> task = steeringTask;
        if (task != null) {
            // The kernel keeps the frequency and the slew it was given: the system clock stays on time without us.
            task.cancel(false);
        }
        NtpClient current = client;
        client = null;
        sourcesConfig = null;
        if (current != null) {
            current.close();
        }
        drift.ifPresent(recorder -> recorder.close(clock.drift()));
    }
}
