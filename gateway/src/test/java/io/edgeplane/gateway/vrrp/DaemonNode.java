package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What every daemon node shares: it writes its config, runs {@code ip netns exec NS COMMAND} with the output
 * appended to {@code NAME.log}, and stops by SIGTERM or by a crash. The process the test holds is the daemon itself
 * ({@code ip netns exec} enters the namespace and then execs the command).
 */
abstract class DaemonNode implements VrrpNode {

    private static final long STOP_TIMEOUT_SECONDS = 10;
    /** A daemon still running this long after the start is taken to have started. */
    private static final long START_CHECK_MILLIS = 150;
    private static final long READY_TIMEOUT_SECONDS = 30;

    protected final Topology.Member member;
    protected final VrrpInstanceSpec spec;
    protected final Path dir;
    private final Path log;
    private Process process;

    DaemonNode(Topology.Member member, VrrpInstanceSpec spec, Path dir) throws IOException {
        this.member = Objects.requireNonNull(member, "member");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.dir = Files.createDirectories(Objects.requireNonNull(dir, "dir").resolve(member.name()));
        this.log = this.dir.resolve(implementation() + ".log");
    }

    /** Writes the config file(s) into {@link #dir}. */
    protected abstract void writeConfig() throws IOException;

    /** The daemon's command line, run inside the namespace. */
    protected abstract List<String> command();

    @Override
    public Topology.Member member() {
        return member;
    }

    @Override
    public VrrpInstanceSpec spec() {
        return spec;
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        writeConfig();
        List<String> command = new ArrayList<>(List.of(Interop.requireIp().toString(), "netns", "exec",
                member.netns()));
        command.addAll(command());
        Files.writeString(log, "=== " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long logged = Files.size(log);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()))
                .start();
        if (process.waitFor(START_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IOException(this + " exited with " + process.exitValue() + " right after starting:\n"
                    + logTail(30));
        }
        awaitReady(logged);
    }

    /**
     * What the daemon logs once its VRRP instance runs: a scenario must not begin while one node is still starting
     * (a JVM takes about a second, longer than a VRRPv3 master down interval, and would lose every election by it).
     */
    protected abstract String readyLine();

    private void awaitReady(long from) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            byte[] all = Files.readAllBytes(log);
            String since = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
            if (since.contains(readyLine())) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(this + " exited with " + process.exitValue() + " while starting:\n" + logTail(30));
            }
            Thread.sleep(20);
        }
        throw new IOException(this + " did not log '" + readyLine() + "' within " + READY_TIMEOUT_SECONDS + " s:\n"
                + logTail(30));
    }

    @Override
    public synchronized void stop(StopMode mode) throws IOException, InterruptedException {
        if (!isRunning()) {
            return;
        }
        switch (mode) {
            case GRACEFUL -> {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    crash();
                    throw new IOException(this + " did not stop within " + STOP_TIMEOUT_SECONDS
                            + " s of SIGTERM; killed it:\n" + logTail(30));
                }
            }
            case CRASH -> crash();
        }
    }

    /**
     * SIGSTOP first, so that a supervisor (keepalived's parent process) cannot restart the child it is about to
     * lose, then SIGKILL to the children and the daemon, then the virtual IP goes as the host's power would take
     * it (see {@link StopMode#CRASH}).
     */
    private void crash() throws IOException, InterruptedException {
        ProcessHandle root = process.toHandle();
        Interop.run(List.of(Interop.findProgram("kill").orElseThrow(
                () -> new IOException("no 'kill' command (Debian package procps)")).toString(), "-STOP",
                Long.toString(root.pid())));
        List<ProcessHandle> children = root.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException(this + " survived SIGKILL for " + STOP_TIMEOUT_SECONDS + " s");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
        for (ProcessHandle child : children) {
            while (!dead(child.pid())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException(this + ": child " + child.pid() + " survived SIGKILL");
                }
                Thread.sleep(5);
            }
        }
        Files.writeString(log, "=== crashed by the test (SIGKILL)" + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        try {
            Interop.ip("-n", member.netns(), "addr", "del", spec.vip(), "dev", Topology.INTERFACE);
        } catch (IOException notThere) {
            // The daemon had not added it (it was BACKUP or in FAULT): nothing to take away.
        }
    }

    /**
     * Whether the process is gone or a zombie. The children of a killed daemon are reparented to PID 1, which may
     * take seconds to reap them; a zombie sends nothing, so waiting for it is not needed.
     */
    private static boolean dead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) == 'Z';
        } catch (IOException gone) {
            return true;
        }
    }

    @Override
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop(StopMode.CRASH);
    }

    @Override
    public String toString() {
        return implementation() + "@" + member.name();
    }
}
