package io.edgeplane.vrrp.notify;

import io.edgeplane.config.vrrp.VrrpNotifyConfig;
import io.edgeplane.vrrp.state.StateChange;
import io.edgeplane.vrrp.state.VrrpState;
import io.edgeplane.vrrp.track.RunAs;
import io.edgeplane.vrrp.track.ScriptOutcome;
import io.edgeplane.vrrp.track.ScriptRunner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the notify program configured for the state an instance or a sync group enters: {@code master},
 * {@code backup}, {@code fault}, and {@code stop} for {@link VrrpState#INITIALIZE} (stopped by shutdown or a
 * reload). As keepalived runs {@code notify_master /path} and the other per-state programs, the program gets no
 * arguments: only keepalived's generic {@code notify} script gets {@code INSTANCE|GROUP NAME STATE PRIORITY},
 * and this config has none. It runs as edgeplane's user, without a shell, output discarded.
 *
 * <p>{@link #instanceChanged} and {@link #groupChanged} only queue the run and return: the programs run on the
 * executor, one after another per instance (or group), so a later notification never overtakes an earlier one
 * of the same instance; different instances do not wait for each other. A program running past its timeout is
 * killed with its process tree; a {@code stop} program gets at most keepalived's 1 s. Each run's exit status is
 * logged and passed to the optional observer.
 */
public final class NotifyScripts implements AutoCloseable {

    /** How long a master, backup or fault program may run; keepalived waits indefinitely, but here a hung one would hold back the next. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** keepalived kills a {@code notify_stop} program after a second. */
    public static final Duration KEEPALIVED_STOP_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(NotifyScripts.class);

    private final Executor executor;
    private final Duration timeout;
    private final Duration stopTimeout;
    private final Consumer<NotifyRun> observer;
    private final ScriptRunner runner;
    /** Per subject, the runs not finished yet, the running one first; guarded by this. */
    private final Map<String, ArrayDeque<Runnable>> queues = new HashMap<>();
    private boolean closed;

    /** With {@link #DEFAULT_TIMEOUT}, keepalived's stop timeout and kill grace, and no observer. */
    public NotifyScripts(Executor executor) {
        this(executor, DEFAULT_TIMEOUT, KEEPALIVED_STOP_TIMEOUT, ScriptRunner.KEEPALIVED_KILL_GRACE, run -> { });
    }

    /**
     * @param executor    runs the programs and waits for them (virtual threads are right)
     * @param timeout     how long a master, backup or fault program may run
     * @param stopTimeout how long a stop program may run
     * @param killGrace   the wait between SIGTERM and SIGKILL of a program past its timeout
     * @param observer    gets each finished run, on the executor; quick and non-blocking
     */
    public NotifyScripts(Executor executor, Duration timeout, Duration stopTimeout, Duration killGrace,
            Consumer<NotifyRun> observer) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timeout = positive(timeout, "timeout");
        this.stopTimeout = positive(stopTimeout, "stopTimeout");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.runner = new ScriptRunner(killGrace);
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** The program for entering {@code state}, if one is configured. */
    public static Optional<String> program(VrrpNotifyConfig programs, VrrpState state) {
        return switch (state) {
            case MASTER -> programs.master();
            case BACKUP -> programs.backup();
            case FAULT -> programs.fault();
            case INITIALIZE -> programs.stop();
        };
    }

    /** An instance changed state: queues its program for the new state, if any. Never blocks. */
    public void instanceChanged(StateChange change, VrrpNotifyConfig programs) {
        queue("instance " + change.name(), change, programs);
    }

    /** A sync group as a whole changed state: queues the group's program for the new state, if any. Never blocks. */
    public void groupChanged(StateChange change, VrrpNotifyConfig programs) {
        queue("group " + change.name(), change, programs);
    }

    private void queue(String subject, StateChange change, VrrpNotifyConfig programs) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(programs, "programs");
        Optional<String> program = program(programs, change.to());
        if (program.isEmpty()) {
            return;
        }
        VrrpState state = change.to();
        Duration limit = state == VrrpState.INITIALIZE ? stopTimeout.compareTo(timeout) < 0 ? stopTimeout : timeout : timeout;
        Runnable run = () -> run(subject, state, program.get(), limit);
        synchronized (this) {
            if (closed) {
                log.warn("{}: not running {} for {}: notifications are closed", subject, program.get(), state);
                return;
            }
            ArrayDeque<Runnable> queue = queues.computeIfAbsent(subject, s -> new ArrayDeque<>());
            queue.addLast(run);
            if (queue.size() > 1) {
                return;
            }
        }
        start(subject);
    }

    private void start(String subject) {
        try {
            executor.execute(() -> drain(subject));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                queues.remove(subject);
                notifyAll();
            }
            log.error("{}: the executor refused its notify programs; dropped", subject, e);
        }
    }

    /**
     * Runs the subject's queue to its end. The head stays queued while it runs, so that {@link #queue} starts no
     * second drain; the queue is removed in the same step that finds it empty.
     */
    private void drain(String subject) {
        Runnable head;
        synchronized (this) {
            head = queues.get(subject).peekFirst();
        }
        while (true) {
            try {
                head.run();
            } catch (RuntimeException e) {
                log.error("{}: a notify program failed", subject, e);
            }
            synchronized (this) {
                ArrayDeque<Runnable> queue = queues.get(subject);
                queue.pollFirst();
                if (queue.isEmpty()) {
                    queues.remove(subject);
                    notifyAll();
                    return;
                }
                head = queue.peekFirst();
            }
        }
    }

    private void run(String subject, VrrpState state, String program, Duration limit) {
        long started = System.nanoTime();
        ScriptOutcome outcome = runner.run(List.of(program), RunAs.self(), limit);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String entered = state == VrrpState.INITIALIZE ? "STOP" : state.name();
        if (outcome.success()) {
            log.info("{}: notify {} {} {} in {} ms", subject, entered, program, outcome, took.toMillis());
        } else if (outcome.verdict()) {
            log.warn("{}: notify {} {} {} after {} ms", subject, entered, program, outcome, took.toMillis());
        } else {
            log.info("{}: notify {} {} stopped by shutdown after {} ms", subject, entered, program, took.toMillis());
        }
        try {
            observer.accept(new NotifyRun(subject, state, program, outcome, took));
        } catch (RuntimeException e) {
            log.error("{}: the notify observer failed", subject, e);
        }
    }

    /**
     * Waits until every queued program has run, at most {@code limit}: at shutdown, after the stop
     * notifications, so they are not cut short. Returns whether all ran.
     */
    public synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!queues.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return true;
    }

    /** Drops the programs not started yet and kills those running with their trees. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (ArrayDeque<Runnable> queue : queues.values()) {
                // Keep the running head: its drain loop removes it and ends.
                while (queue.size() > 1) {
                    queue.pollLast();
                }
            }
        }
        runner.close();
    }
}
