package io.edgeplane.gateway.firewall;

import io.edgeplane.gateway.testing.Interop;
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
 * A long-running program the test starts with {@code ip netns exec NS COMMAND} (edgeplane, keepalived, an nc
 * listener), its output appended to a log file. {@code ip netns exec} execs the command, so the process held here
 * is the program itself and a signal sent to it reaches the program. Shaped after the DHCP tests'
 * {@code NamespaceProcess}.
 */
final class NamespaceDaemon implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** A program still running this long after the start is taken to have started. */
    private static final Duration START_CHECK = Duration.ofMillis(100);

    private final String name;
    private final Path log;
    private final Process process;
    private final long logStart;

    private NamespaceDaemon(String name, Path log, Process process, long logStart) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.logStart = logStart;
    }

    /**
     * Starts {@code command} in {@code netns}, its output appended to {@code log}; fails if it exits at once.
     *
     * @param name what messages call it, {@code edgeplane@rtr}
     */
    static NamespaceDaemon start(String name, String netns, List<String> command, Path log)
            throws IOException, InterruptedException {
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
        NamespaceDaemon started = new NamespaceDaemon(name, log, process, logStart);
        if (process.waitFor(START_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException(name + " exited with " + process.exitValue() + " right after starting:\n"
                    + started.logTail(30));
        }
        return started;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Waits until the program has written {@code text} since it started; fails if it exits first or in time. */
    void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
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

    /** What the program wrote since this start. */
    String logSinceStart() throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** Sends {@code signal} ({@code TERM}, {@code HUP}...) to the program. */
    void signal(String signal) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IOException(name + " has exited (" + process.exitValue() + "); cannot send SIG" + signal
                    + ":\n" + logTail(30));
        }
        Interop.signal(process.pid(), signal);
    }

    /** Waits for the program to exit by itself; its exit code, or empty if it still runs after {@code timeout}. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /**
     * SIGTERM, then SIGKILL to the program and everything it started if it is not gone within 10 s; returns whether
     * it stopped on SIGTERM alone. A program that has exited is left alone.
     */
    boolean stop() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        boolean graceful = true;
        if (process.isAlive()) {
            process.destroy();
            graceful = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (!graceful) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return graceful;
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    @Override
    public String toString() {
        return name;
    }
}
