package io.edgeplane.vrrp.track;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs as keepalived runs its scripts: without a shell, input from {@code /dev/null}, output discarded
 * (so a chatty child never blocks on a full pipe), in a session and process group of its own ({@code setsid}), so
 * that on timeout the whole tree it started is killed: SIGTERM, then SIGKILL after a grace (keepalived's 2 s).
 *
 * <p>{@link #run} blocks until the program ends or is killed: call it on an executor for blocking work (virtual
 * threads), never on an event loop. Several runs may go on at once. {@link #close()} kills every tree still
 * running and refuses later runs; nothing it started is left behind.
 */
public final class ScriptRunner implements AutoCloseable {

    /** keepalived's wait between SIGTERM and SIGKILL of a timed-out script. */
    public static final Duration KEEPALIVED_KILL_GRACE = Duration.ofSeconds(2);
    /** How long to wait for killed processes to be gone. */
    private static final Duration REAP = Duration.ofSeconds(2);
    private static final File DEV_NULL = new File("/dev/null");

    private final Duration killGrace;
    private final Optional<String> setsid;
    private final Set<Process> running = new HashSet<>();
    private boolean closed;

    /** @param killGrace the wait between SIGTERM and SIGKILL of a program that ran past its timeout */
    public ScriptRunner(Duration killGrace) {
        Objects.requireNonNull(killGrace, "killGrace");
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must not be negative, got " + killGrace);
        }
        this.killGrace = killGrace;
        this.setsid = Programs.find("setsid");
    }

    /**
     * Runs {@code command} (an absolute program path and its arguments) as {@code runAs} and waits for it, at
     * most {@code timeout}; then kills its process tree. Blocking.
     */
    public ScriptOutcome run(List<String> command, RunAs runAs, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(timeout, "timeout");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty; expected a program and its arguments");
        }
        Optional<String> unusable = unusable(command.getFirst(), runAs);
        if (unusable.isPresent()) {
            return new ScriptOutcome.NotRun(unusable.get());
        }
        List<String> argv = new ArrayList<>();
        // Its own session: its process group is its pid, and a timeout kills the group. -w: should setsid have
        // to fork, it still waits and passes on the status.
        setsid.ifPresent(path -> argv.addAll(List.of(path, "-w")));
        Process process;
        synchronized (this) {
            if (closed) {
                return new ScriptOutcome.Stopped();
            }
        }
        try {
            argv.addAll(runAs.prefix());
            argv.addAll(command);
            process = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return new ScriptOutcome.NotRun(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        synchronized (this) {
            running.add(process);
            if (closed) {
                // close() came between the check and the start, and did not see this one.
                signalTree(process);
            }
        }
        try {
            boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!exited) {
                new ProcessTree(process.toHandle()).kill(isClosed() ? Duration.ZERO : killGrace, REAP);
            }
            if (isClosed()) {
                new ProcessTree(process.toHandle()).kill(Duration.ZERO, REAP);
                return new ScriptOutcome.Stopped();
            }
            return exited ? new ScriptOutcome.Exited(process.exitValue()) : new ScriptOutcome.TimedOut(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            new ProcessTree(process.toHandle()).kill(Duration.ZERO, REAP);
            return new ScriptOutcome.Stopped();
        } finally {
            synchronized (this) {
                running.remove(process);
            }
        }
    }

    /** Why the program cannot be run, checked here so the log says so rather than "exit status 127". */
    private static Optional<String> unusable(String program, RunAs runAs) {
        Path path;
        try {
            path = Path.of(program);
        } catch (InvalidPathException e) {
            return Optional.of("'" + program + "' is not a path");
        }
        if (!path.isAbsolute()) {
            return Optional.of("'" + program + "' is not an absolute path");
        }
        if (!Files.exists(path)) {
            return Optional.of("program " + program + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            return Optional.of("program " + program + " is not a file");
        }
        // Another user's permissions are the kernel's to judge, at exec.
        if (!runAs.switches() && !Files.isExecutable(path)) {
            return Optional.of("program " + program + " is not executable");
        }
        return Optional.empty();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Sends SIGKILL to the trees still running, without waiting; their {@link #run} calls return Stopped. */
    @Override
    public void close() {
        List<Process> toKill;
        synchronized (this) {
            closed = true;
            toKill = List.copyOf(running);
        }
        toKill.forEach(ScriptRunner::signalTree);
    }

    private static void signalTree(Process process) {
        new ProcessTree(process.toHandle()).kill(Duration.ZERO, Duration.ZERO);
    }
}
