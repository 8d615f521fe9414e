package io.edgeplane.gateway.dhcp;

import io.edgeplane.gateway.testing.NamespaceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A server under test that is one process in the server namespace, started with a command line, ready once its
 * log says so, and stopped with SIGTERM (SIGKILL if it lingers). Subclasses say how it is configured and started
 * and how its leases are read.
 */
abstract class ProcessDhcpServer implements DhcpServerUnderTest {

    protected final DhcpTopology topology;
    protected final DhcpServerSpec spec;
    protected final Path dir;
    private final Path log;
    private NamespaceProcess process;

    /** @param name the implementation's name, also its subdirectory of {@code dir} */
    protected ProcessDhcpServer(DhcpTopology topology, DhcpServerSpec spec, Path dir, String name) throws IOException {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.dir = Files.createDirectories(Objects.requireNonNull(dir, "dir").resolve(name));
        this.log = this.dir.resolve(name + ".log");
    }

    /** Writes what the server reads (config, fresh lease file) before each start. */
    protected abstract void prepare() throws IOException;

    /** The command run in the server namespace. */
    protected abstract List<String> command() throws IOException;

    /** A line the server logs once it answers DHCP and DNS. */
    protected abstract String readyLine();

    protected abstract Duration startTimeout();

    @Override
    public DhcpServerSpec spec() {
        return spec;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        prepare();
        process = NamespaceProcess.start(toString(), topology.server().netns(), command(), log);
        process.awaitLog(readyLine(), startTimeout());
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Sends {@code signal} to the server and waits up to 10 s for it to exit when the signal is KILL. */
    protected synchronized void signal(String signal) throws IOException, InterruptedException {
        if (process != null) {
            process.signal(signal);
            if (signal.equals("KILL")) {
                process.awaitExit(Duration.ofSeconds(10));
            }
        }
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public String logTail(int lines) {
        return process == null ? "(not started)" : process.logTail(lines);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public String toString() {
        return implementation() + "@" + topology.server().name();
    }
}
