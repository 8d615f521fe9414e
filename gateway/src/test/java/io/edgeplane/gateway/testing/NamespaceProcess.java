package io.edgeplane.gateway.testing;

import io.edgeplane.core.testing.Interop;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One long-running program started with {@code ip netns exec NS COMMAND}, its output appended to a log file. {@code
 * ip netns exec} (and {@code unshare}, {@code sh -c 'exec ...'} after it) exec rather than fork, so the process
 * held here is the program itself and a signal sent to {@link #pid()} reaches it. The DHCP tests' servers and clients
 * and the firewall tests' edgeplane, keepalived and listeners run as these. Shaped after the VRRP tests'
 * {@code DaemonNode}.
 */
public final class NamespaceProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** A program still running this long after the start is taken to have started. */
    private static final Duration START_CHECK = Duration.ofMillis(100);

    private final String name;
    private final Path log;
    private final Process process;
    private final long logStart;
    private final Duration stopTimeout;

    private NamespaceProcess(String name, Path log, Process process, long logStart, Duration stopTimeout) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.logStart = logStart;
        this.stopTimeout = stopTimeout;
    }

    /**
     * Starts {@code command} in {@code netns}, its output appended to {@code log}; fails if it exits at once.
     *
     * @param name what messages call it, {@code dnsmasq@srv}
     */
    public static NamespaceProcess start(String name, String netns, List<String> command, Path log)
            throws IOException, InterruptedException {
        return start(name, netns, command, log, STOP_TIMEOUT);
    }

    /**
     * As {@link #start(String, String, List, Path)}, for a program that may take up to {@code stopTimeout} to stop on
     * SIGTERM (edgeplane, which drains for its shutdown grace) before it is killed.
     */
    public static NamespaceProcess start(String name, String netns, List<String> command, Path log,
                                         Duration stopTimeout) throws IOException, InterruptedException {
        Objects.requireNonNull(command, "command");
        List<String> full = new ArrayList<>(List.of(Interop.requireIp().toString(), "netns", "exec", netns));
        full.addAll(command);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "=== " + String.join(" ", full) + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).redirectInput(Redirect.from(new File("/dev/null")))
                .start();
        NamespaceProcess started = new NamespaceProcess(name, log, process, logStart, stopTimeout);
        if (process.waitFor(START_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException(name + " exited with " + process.exitValue() + " right after starting:\n"
                    + started.logTail(30));
        }
        return started;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Waits until the program has written {@code text} since it started; fails if it exits first or in time. */
    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logSinceStart().contains(text)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before writing '" + text
                        + "':\n" + logTail(30));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(name + " did not write '" + text + "' within " + timeout.toMillis()
                        + " ms:\n" + logTail(30));
            }
            Thread.sleep(20);
        }
    }

    /** What the program wrote since this start (the log holds earlier runs too). */
    public String logSinceStart() throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** Sends {@code signal} ({@code USR1}, {@code TERM}...) to the program. */
    public void signal(String signal) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IOException(name + " has exited (" + process.exitValue() + "); cannot send SIG" + signal
                    + ":\n" + logTail(30));
        }
        Interop.signal(process.pid(), signal);
    }

    /** Waits for the program to exit by itself; its exit code, or empty if it still runs after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /**
     * SIGTERM, then SIGKILL to the program and every process it started if it is not gone within the stop timeout (5 s
     * unless the start said otherwise); returns
     * whether it stopped on SIGTERM alone. A program that has exited is left alone.
     */
    public boolean stop() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        boolean graceful = true;
        if (process.isAlive()) {
            process.destroy();
            graceful = process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!graceful) {
            kill(children);
        } else {
            // Children of a program that exited on its own should have gone with it; any that did not must.
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        return graceful;
    }

    private void kill(List<ProcessHandle> children) throws InterruptedException {
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the program if it still runs. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    @Override
    public String toString() {
        return name;
    }
}
