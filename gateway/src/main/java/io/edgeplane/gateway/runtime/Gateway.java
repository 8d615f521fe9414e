package io.edgeplane.gateway.runtime;

import io.edgeplane.config.ConfigDiff;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.LoggingConfig;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.NodeName;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.gateway.metrics.ProcessMetrics;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running process: one config source, the services it turns on, and reload. A reload loads and
 * validates the whole file, prepares every service, and commits only if all prepared; otherwise the
 * running config stays exactly as it was and the outcome says why.
 */
public final class Gateway implements GatewayControl {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final Duration MIN_LOOP_SHUTDOWN = Duration.ofMillis(200);

    private final ConfigSource source;
    private final ConfigLoader loader;
    private final ServiceReconciler services;
    private final ProcessMetrics metrics;
    private final EventLoops eventLoops;
    private final Consumer<LoggingConfig> logging;
    private final Clock clock;
    private final String version;
    private final Instant startedAt;
    private final ReentrantLock reloadLock = new ReentrantLock();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Counter reloadsApplied;
    private final Counter reloadsRejected;

    private volatile Snapshot current;
    private volatile Optional<ReloadOutcome> lastReload = Optional.empty();
    private volatile boolean ready;

    public Gateway(ConfigSource source, ConfigLoader loader, List<ServiceDefinition> definitions,
                   EventLoops eventLoops, ProcessMetrics metrics, ExecutorService blocking,
                   Consumer<LoggingConfig> logging, Clock clock, String version) {
        this.source = Objects.requireNonNull(source, "source");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.logging = Objects.requireNonNull(logging, "logging");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.version = Objects.requireNonNull(version, "version");
        this.startedAt = clock.instant();
        ServiceContext context = new ServiceContext(eventLoops, metrics.registry(), blocking, clock, this);
        this.services = new ServiceReconciler(definitions, () -> context);
        this.reloadsApplied = metrics.reloads(true);
        this.reloadsRejected = metrics.reloads(false);
    }

    /**
     * Starts every service the already-validated {@code config} turns on.
     *
     * @throws ServiceException naming what could not start; nothing is left running
     */
    public void start(EdgeplaneConfig config) throws ServiceException {
        reloadLock.lock();
        try {
            logging.accept(config.logging());
            services.apply(config, config.node().shutdownGrace());
            current = snapshotOf(config);
            metrics.configApplied(current.appliedAt(), true);
            ready = true;
        } finally {
            reloadLock.unlock();
        }
    }

    @Override
    public ReloadOutcome reload(String trigger) {
        reloadLock.lock();
        try {
            if (stopping.get()) {
                return record(ReloadOutcome.rejected(clock.instant(), trigger, List.of("the process is stopping")));
            }
            EdgeplaneConfig next;
            try {
                next = source.load(loader);
            } catch (InvalidConfigException e) {
                return record(ReloadOutcome.rejected(clock.instant(), trigger,
                        e.problems().stream().map(ConfigProblem::toString).toList()));
            }
            List<String> changed = ConfigDiff.changedSections(current.config(), next);
            try {
                services.apply(next, next.node().shutdownGrace());
            } catch (ServiceException e) {
                return record(ReloadOutcome.rejected(clock.instant(), trigger, List.of(e.getMessage())));
            }
            if (changed.contains("logging")) {
                logging.accept(next.logging());
            }
            current = snapshotOf(next);
            return record(ReloadOutcome.applied(current.appliedAt(), trigger, changed));
        } finally {
            reloadLock.unlock();
        }
    }

    private ReloadOutcome record(ReloadOutcome outcome) {
        lastReload = Optional.of(outcome);
        if (outcome.applied()) {
            reloadsApplied.increment();
            metrics.configApplied(outcome.at(), true);
            log.info("reload ({}): applied {}; changed: {}", outcome.trigger(), source.label(),
                    outcome.changed().isEmpty() ? "nothing" : String.join(", ", outcome.changed()));
        } else {
            reloadsRejected.increment();
            metrics.configApplied(outcome.at(), false);
            log.error("reload ({}): rejected, the running config is unchanged; {} problem(s):",
                    outcome.trigger(), outcome.errors().size());
            outcome.errors().forEach(error -> log.error("  {}", error));
        }
        return outcome;
    }

    /** Stops every service within the running config's grace period, then the event loops. Idempotent. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        ready = false;
        reloadLock.lock();
        try {
            Duration grace = current != null ? current.config().node().shutdownGrace() : Duration.ZERO;
            log.info("stopping (grace {}s)", grace.toSeconds());
            Instant deadline = clock.instant().plus(grace);
            services.stopAll(grace);
            // The loops are idle once every service has stopped; whatever grace is left bounds the wait.
            Duration left = Duration.between(clock.instant(), deadline);
            eventLoops.shutdown(left.compareTo(MIN_LOOP_SHUTDOWN) < 0 ? MIN_LOOP_SHUTDOWN : left);
            metrics.close();
            log.info("stopped");
        } finally {
            reloadLock.unlock();
        }
    }

    private Snapshot snapshotOf(EdgeplaneConfig config) {
        return new Snapshot(config, source.label(), clock.instant(), NodeName.of(config));
    }

    @Override
    public Snapshot current() {
        Snapshot snapshot = current;
        if (snapshot == null) {
            throw new IllegalStateException("the gateway has not started");
        }
        return snapshot;
    }

    @Override
    public <T> List<T> running(Class<T> type) {
        return services.running(type);
    }

    @Override
    public Map<String, Health> health() {
        return services.health();
    }

    /** Reopens log files after rotation (SIGUSR1), as nginx does. */
    public void reopenFiles() {
        log.info("reopening log files");
        services.reopenFiles();
    }

    /** Where each running service can be reached, by service name, with the ports actually bound. */
    public Map<String, List<String>> endpoints() {
        return services.endpoints();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public Optional<ReloadOutcome> lastReload() {
        return lastReload;
    }

    @Override
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String transport() {
        return eventLoops.transportName();
    }
}
