package io.edgeplane.gateway.dhcp;

import io.edgeplane.gateway.testing.NamespaceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What both clients share: a directory of their own under the test's, the event script and its
 * {@link ScriptEvents}, the process, and waiting for events. Subclasses say how to start, renew and release.
 */
abstract class ScriptedClient implements DhcpClient {

    /** How long a client may take to stop once asked. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    protected final DhcpTopology topology;
    protected final DhcpTopology.Host host;
    protected final String hostname;
    protected final Path dir;
    protected final ScriptEvents events;
    private final Path log;
    protected NamespaceProcess process;
    /** Events up to this index are before the current lease; the next wait looks after it. */
    private int seen;

    ScriptedClient(DhcpTopology topology, DhcpTopology.Host host, String hostname, Path dir) throws IOException {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.host = Objects.requireNonNull(host, "host");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        if (!hostname.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("hostname '" + hostname + "': expected one DNS label in lower case");
        }
        this.dir = Files.createDirectories(Objects.requireNonNull(dir, "dir").resolve(implementation() + "-"
                + host.name()));
        this.events = new ScriptEvents(this.dir.resolve("events"));
        this.log = this.dir.resolve(implementation() + ".log");
    }

    /** The command run in the namespace (after {@code ip netns exec NS}). */
    protected abstract List<String> command() throws IOException;

    /** The script's text; it must append its blocks to {@link #events}' file. */
    protected abstract String script();

    /** Whether {@code event} is the client having bound. */
    protected abstract boolean isBound(ScriptEvents.Event event);

    /** Whether {@code event} is the client having renewed (or rebound) its lease. */
    protected abstract boolean isRenewed(ScriptEvents.Event event);

    protected Path scriptFile() {
        return dir.resolve("event-script");
    }

    @Override
    public DhcpTopology.Host host() {
        return host;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        Files.writeString(scriptFile(), script(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(scriptFile(), PosixFilePermissions.fromString("rwxr-xr-x"));
        seen = events.read().size();
        process = NamespaceProcess.start(toString(), host.netns(), command(), log);
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public ClientLease awaitLease(Duration timeout) throws IOException, InterruptedException {
        return next(this::isBound, "bound", timeout);
    }

    /** Waits for the next event that {@code which} accepts after the last one waited for; its lease. */
    protected synchronized ClientLease next(Predicate<ScriptEvents.Event> which, String what,
            Duration timeout) throws IOException, InterruptedException {
        ScriptEvents.Event event = awaitEvent(which, what, timeout);
        return ClientLease.from(event);
    }

    /** Waits for the next event that {@code which} accepts after the last one waited for. */
    protected synchronized ScriptEvents.Event awaitEvent(Predicate<ScriptEvents.Event> which,
            String what, Duration timeout) throws IOException, InterruptedException {
        ScriptEvents.Event event = events.await(seen, which, timeout, what + " of " + this, () -> logTail(30));
        seen = events.read().indexOf(event) + 1;
        return event;
    }

    /** The count of events so far: what a wait that follows an action must look after. */
    protected synchronized void markSeen() throws IOException {
        seen = events.read().size();
    }

    @Override
    public List<ScriptEvents.Event> events() throws IOException {
        return events.read();
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public String logTail(int lines) {
        return process == null ? "(not started)" : process.logTail(lines);
    }

    /**
     * SIGTERM (no release: neither client releases on it unless told to), then checks that nothing of the
     * client's is left in its namespace; a straggler is killed and reported.
     */
    @Override
    public synchronized void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        boolean graceful = process.stop();
        List<Long> left = awaitNamespaceEmpty();
        if (!graceful || !left.isEmpty()) {
            for (long pid : left) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            throw new IOException(this + (graceful ? "" : " did not stop on SIGTERM within "
                    + STOP_TIMEOUT.toSeconds() + " s") + (left.isEmpty() ? "" : " left processes " + left
                    + " in its namespace") + "; killed them:\n" + logTail(30));
        }
    }

    /** Waits (5 s at most) until no process is left in the client's namespace; what is left then. */
    protected List<Long> awaitNamespaceEmpty() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        List<Long> left = topology.processesIn(host);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
            left = topology.processesIn(host);
        }
        return left;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    @Override
    public String toString() {
        return implementation() + "@" + host.name();
    }
}
