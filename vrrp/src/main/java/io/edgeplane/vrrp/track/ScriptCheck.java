package io.edgeplane.vrrp.track;

import io.edgeplane.config.vrrp.VrrpScriptConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check script of {@code vrrp.scripts} (keepalived's {@code vrrp_script}), run every {@code interval} from
 * {@link #start()}, the first time at once: exit status 0 is a success; another status, a signal, running past
 * {@code timeout} (its process tree is then killed) or a program that cannot be run is a failure. Results are
 * counted by {@link FallRise}: the first decides, then {@code fall} failures or {@code rise} successes in a row
 * change the state. A run still going when the next is due makes that one be skipped, as in keepalived.
 *
 * <p>The scheduler only times the runs; each run waits for its process on {@code executor} (virtual threads),
 * never on an event loop. One instance serves every VRRP instance that tracks the script.
 */
public final class ScriptCheck implements Tracker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScriptCheck.class);

    private final String name;
    private final VrrpScriptConfig config;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final RunAs runAs;
    private final ScriptRunner runner;
    private final TrackerListeners listeners;
    private final FallRise results;
    private volatile TrackedState state = TrackedState.UNKNOWN;
    /** Guarded by this. */
    private boolean started;
    private boolean closed;
    private boolean running;
    private ScheduledFuture<?> timer;
    private ScriptOutcome lastOutcome;

    /**
     * @param name      the script's name under {@code vrrp.scripts}
     * @param scheduler times the runs; nothing blocks on it
     * @param executor  runs each script and waits for it (virtual threads are right)
     */
    public ScriptCheck(String name, VrrpScriptConfig config, ScheduledExecutorService scheduler, Executor executor) {
        this(name, config, scheduler, executor, ScriptRunner.KEEPALIVED_KILL_GRACE);
    }

    /** @param killGrace the wait between SIGTERM and SIGKILL of a timed-out run (keepalived's 2 s by default) */
    public ScriptCheck(String name, VrrpScriptConfig config, ScheduledExecutorService scheduler, Executor executor,
            Duration killGrace) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (config.command().isEmpty()) {
            throw new IllegalArgumentException("script " + name + " has no command; expected a program and its arguments");
        }
        if (!config.interval().isPositive() || !config.effectiveTimeout().isPositive()) {
            throw new IllegalArgumentException("script " + name + ": interval and timeout must be positive, got "
                    + config.interval() + " and " + config.effectiveTimeout());
        }
        this.runAs = RunAs.of(config);
        this.runner = new ScriptRunner(killGrace);
        this.listeners = new TrackerListeners(name());
        this.results = new FallRise(config.fall(), config.rise());
    }

    /**
     * Starts running the script: the first run at once, then every interval.
     *
     * @throws IllegalStateException when the script must run as another user and this process cannot switch to
     *                               it (not root, no CAP_SETUID/CAP_SETGID, no setpriv, unknown user or group),
     *                               or when already started or closed
     */
    public void start() {
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException(name() + " was " + (closed ? "closed" : "started") + " already");
            }
            started = true;
        }
        try {
            runAs.check();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("script " + name + ": " + e.getMessage(), e);
        }
        long intervalNanos = config.interval().toNanos();
        synchronized (this) {
            if (!closed) {
                timer = scheduler.scheduleAtFixedRate(this::due, 0, intervalNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void due() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (running) {
                log.info("script {}: the previous run is still going, skipping this one", name);
                return;
            }
            running = true;
        }
        try {
            executor.execute(this::runOnce);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running = false;
            }
            log.warn("script {}: the executor refused the run", name, e);
        }
    }

    private void runOnce() {
        ScriptOutcome outcome;
        try {
            outcome = runner.run(config.command(), runAs, config.effectiveTimeout());
        } catch (RuntimeException e) {
            outcome = new ScriptOutcome.NotRun(e.toString());
        }
        boolean changed;
        synchronized (this) {
            running = false;
            if (closed || !outcome.verdict()) {
                return;
            }
            logOutcome(outcome);
            changed = results.observe(outcome.success());
            state = results.state();
        }
        if (changed) {
            log.info("script {}: now {} ({})", name, state, outcome);
            listeners.fire();
        }
    }

    /** Logs a run that ended otherwise than the one before, as keepalived's "now returning". */
    private void logOutcome(ScriptOutcome outcome) {
        boolean differs = !outcome.equals(lastOutcome);
        lastOutcome = outcome;
        if (!differs) {
            log.debug("script {}: {}", name, outcome);
        } else if (outcome instanceof ScriptOutcome.NotRun) {
            log.error("script {}: {}; counted as a failure", name, outcome);
        } else if (outcome.success()) {
            log.info("script {}: {}", name, outcome);
        } else {
            log.warn("script {}: {}", name, outcome);
        }
    }

    @Override
    public String name() {
        return "script " + name;
    }

    /** The script's name under {@code vrrp.scripts}. */
    public String scriptName() {
        return name;
    }

    @Override
    public TrackedState state() {
        return state;
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        return listeners.add(listener);
    }

    /**
     * Stops the runs and kills the process tree of a run in progress (SIGKILL, no grace); its result is dropped.
     * Does not wait for the processes to be reaped. Idempotent.
     */
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
        runner.close();
    }

    @Override
    public String toString() {
        return "ScriptCheck[" + name + " " + config.command() + ", " + state + "]";
    }
}
