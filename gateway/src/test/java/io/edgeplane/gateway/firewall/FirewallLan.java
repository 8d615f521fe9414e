package io.edgeplane.gateway.firewall;

import io.edgeplane.gateway.testing.NamespaceProcess;
import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A router namespace and the hosts around it, each on a LAN of its own, built with {@code ip} for one test class and
 * deleted by {@link #close()}, even after a failure half-way:
 *
 * <pre>
 *   efwPID-it  [eth0 198.18.10.2/24]              ──veth── it0  198.18.10.1 ┐
 *   efwPID-ot  [eth0 198.18.20.2/24]              ──veth── ot0  198.18.20.1 ├─ efwPID-rtr (ip_forward=1)
 *   efwPID-out [eth0 198.18.30.2/24, 198.18.30.3] ──veth── out0 198.18.30.1 │
 *   efwPID-cl  [eth0 198.18.40.2/24]              ──veth── cl0  198.18.40.1 ┘
 * </pre>
 *
 * <p>Every host routes through the router ({@code default via .1}), so traffic between the IT and OT hosts crosses the
 * router's forward chain and traffic to the router's own addresses its input chain. Nothing is created in, or moved
 * through, the machine's own namespace: each veth is created inside the router namespace with its peer placed straight
 * into the host's, so its names ({@code it0}, {@code eth0}) are the namespaces' own. Addresses are from 198.18.0.0/15
 * only; the firewall the router runs is its namespace's, never the machine's.
 *
 * <p>Names carry the JVM's pid and stay within 15 characters ({@code efw4194304-rtr}): {@link #create} first deletes
 * what a crashed earlier run (a pid no longer alive) left behind, and never what a run going on at the same time uses.
 *
 * <p>The probes are the real clients: curl, dig, busybox nc and ping, each bounded in time, each run in the namespace
 * of the host it speaks for.
 */
final class FirewallLan implements AutoCloseable {

    /** A host on one of the router's LANs; the router's side of the LAN is {@code .1}, the host {@code .2}. */
    enum Host {
        IT("it", "it0", 10),
        OT("ot", "ot0", 20),
        OUTSIDE("out", "out0", 30),
        CLUSTER("cl", "cl0", 40);

        private final String role;
        private final String routerInterface;
        private final int subnet;

        Host(String role, String routerInterface, int subnet) {
            this.role = role;
            this.routerInterface = routerInterface;
            this.subnet = subnet;
        }

        /** The router's interface on this host's LAN. */
        String routerInterface() {
            return routerInterface;
        }

        /** The LAN, {@code 198.18.10.0/24}. */
        String network() {
            return "198.18." + subnet + ".0/24";
        }

        /** The router's address on this LAN, {@code 198.18.10.1}. */
        String routerAddress() {
            return "198.18." + subnet + ".1";
        }

        /** The host's address, {@code 198.18.10.2}. */
        String address() {
            return "198.18." + subnet + ".2";
        }
    }

    /** The outside client's second address: another source for the per-source rate limit. */
    static final String OUTSIDE_SECOND_ADDRESS = "198.18.30.3";
    /** Each host's interface, in its own namespace. */
    static final String HOST_INTERFACE = "eth0";

    private static final String PREFIX = "efw";
    private static final String ROUTER = "rtr";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-[a-z0-9]+$");
    private static final AtomicInteger SCRATCH = new AtomicInteger();
    /** How long a probe that should get through may take; one that should not waits this long for nothing. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final List<String> created = new ArrayList<>();
    private final List<NamespaceProcess> listeners = new ArrayList<>();

    private FirewallLan(Path dir) {
        this.dir = dir;
    }

    /**
     * Builds the router and the four hosts, or skips (fails under EDGEPLANE_REQUIRE_INTEROP=1) when this machine
     * cannot: root, ip, nft and the clients are needed.
     *
     * @param dir where the listeners' logs go
     */
    static FirewallLan create(Path dir) throws Exception {
        requireTools();
        removeLeftovers();
        FirewallLan lan = new FirewallLan(Objects.requireNonNull(dir, "dir"));
        try {
            lan.build();
        } catch (Exception | Error e) {
            try {
                lan.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return lan;
    }

    /** Root and every program the probes run; named with their Debian packages when missing. */
    static void requireTools() {
        Interop.requireRoot();
        Interop.requireIp();
        Interop.requireProgram("nft", "nftables");
        Interop.requireProgram("curl", "curl");
        Interop.requireProgram("dig", "bind9-dnsutils");
        Interop.requireProgram("ping", "iputils-ping");
        Interop.requireProgram("busybox", "busybox");
        Interop.requireProgram("ss", "iproute2");
    }

    private void build() throws IOException, InterruptedException {
        String router = addNamespace(ROUTER);
        Interop.ip("-n", router, "link", "set", "lo", "up");
        exec(router, COMMAND_TIMEOUT, Optional.empty(), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1").orThrow();
        for (Host host : Host.values()) {
            String netns = addNamespace(host.role);
            Interop.ip("-n", router, "link", "add", host.routerInterface, "type", "veth", "peer", "name",
                    HOST_INTERFACE, "netns", netns);
            Interop.ip("-n", router, "addr", "add", host.routerAddress() + "/24", "dev", host.routerInterface);
            Interop.ip("-n", router, "link", "set", host.routerInterface, "up");
            Interop.ip("-n", netns, "link", "set", "lo", "up");
            Interop.ip("-n", netns, "addr", "add", host.address() + "/24", "dev", HOST_INTERFACE);
            if (host == Host.OUTSIDE) {
                Interop.ip("-n", netns, "addr", "add", OUTSIDE_SECOND_ADDRESS + "/24", "dev", HOST_INTERFACE);
            }
            Interop.ip("-n", netns, "link", "set", HOST_INTERFACE, "up");
            Interop.ip("-n", netns, "route", "add", "default", "via", host.routerAddress());
        }
    }

    private String addNamespace(String role) throws IOException, InterruptedException {
        String netns = name(role);
        Interop.ip("netns", "add", netns);
        created.add(netns);
        return netns;
    }

    /** {@code efwPID-ROLE}: at most 15 characters for a role of up to 3. */
    private static String name(String role) {
        return PREFIX + ProcessHandle.current().pid() + "-" + role;
    }

    /**
     * A namespace of its own with nothing in it but loopback, for {@code nft -c}: deleted with {@link #deleteScratch}.
     */
    static String createScratch() throws IOException, InterruptedException {
        requireTools();
        removeLeftovers();
        String netns = name("x" + SCRATCH.incrementAndGet());
        Interop.ip("netns", "add", netns);
        return netns;
    }

    static void deleteScratch(String netns) throws IOException, InterruptedException {
        if (!OURS.matcher(netns).matches()) {
            throw new IllegalArgumentException(netns + " is not a namespace of this harness");
        }
        delete(netns);
    }

    /** The router's namespace, where edgeplane runs. */
    String routerNetns() {
        return name(ROUTER);
    }

    String netns(Host host) {
        return name(host.role);
    }

    Path dir() {
        return dir;
    }

    /** Runs {@code command} in the router's namespace. */
    CommandRun onRouter(Duration timeout, String... command) throws IOException, InterruptedException {
        return exec(routerNetns(), timeout, Optional.empty(), command);
    }

    /** Runs {@code command} in {@code host}'s namespace. */
    CommandRun on(Host host, Duration timeout, String... command) throws IOException, InterruptedException {
        return exec(netns(host), timeout, Optional.empty(), command);
    }

    /** Runs {@code command} in {@code netns} with {@code stdin} on its standard input, {@code timeout} at most. */
    static CommandRun exec(String netns, Duration timeout, Optional<String> stdin, String... command)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(Interop.requireIp().toString(), "netns", "exec", netns));
        full.addAll(List.of(command));
        return CommandRun.run(full, stdin, timeout);
    }

    /** nft in the router's namespace: the only ruleset the tests read or change. */
    CommandRun nft(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program("nft")));
        command.addAll(List.of(args));
        return onRouter(COMMAND_TIMEOUT, command.toArray(String[]::new));
    }

    /**
     * An HTTP GET from {@code host} ({@code source}: from this address of it), with {@link #PROBE_TIMEOUT} to
     * connect: curl exits 28 when the connection timed out (the SYN was dropped), 7 when it was refused.
     */
    HttpProbe curl(Host host, Optional<String> source, String url) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program("curl"), "-s", "-S", "-o", "-", "-w", "\n%{http_code}",
                "--connect-timeout", Long.toString(PROBE_TIMEOUT.toSeconds()), "--max-time", "5"));
        source.ifPresent(address -> command.addAll(List.of("--interface", address)));
        command.add(url);
        return HttpProbe.of(on(host, COMMAND_TIMEOUT, command.toArray(String[]::new)));
    }

    HttpProbe curl(Host host, String url) throws IOException, InterruptedException {
        return curl(host, Optional.empty(), url);
    }

    /** What curl got: its exit code, the status ({@code 0} when there was no answer) and the body. */
    record HttpProbe(CommandRun run, int status, String body) {

        static HttpProbe of(CommandRun run) {
            String out = run.stdout();
            int newline = out.lastIndexOf('\n');
            String code = out.substring(newline + 1).strip();
            int status = code.matches("\\d{3}") ? Integer.parseInt(code) : 0;
            return new HttpProbe(run, status, newline < 0 ? "" : out.substring(0, newline));
        }

        int curlExit() {
            return run.exitCode();
        }

        /** curl's exit code 28: no connection within the connect timeout, as when the SYN is dropped. */
        boolean timedOut() {
            return run.exitCode() == 28;
        }

        /** curl's exit code 7: the connection was refused (a TCP reset). */
        boolean refused() {
            return run.exitCode() == 7;
        }

        @Override
        public String toString() {
            return run.describe();
        }
    }

    /** An A query for {@code name} asked of {@code server} from {@code host}: one try, one second. */
    CommandRun dig(Host host, String server, String name) throws IOException, InterruptedException {
        return on(host, COMMAND_TIMEOUT, program("dig"), "+time=1", "+tries=1", "@" + server, name, "A");
    }

    /**
     * A TCP connection from {@code host} to {@code address:port} with busybox nc, sending one line: what the other
     * end answered is on stdout; a connection that is not made within {@link #PROBE_TIMEOUT} exits non-zero.
     */
    CommandRun nc(Host host, String address, int port) throws IOException, InterruptedException {
        return exec(netns(host), COMMAND_TIMEOUT, Optional.of("hello from " + host + "\n"), program("busybox"), "nc",
                "-w", Long.toString(PROBE_TIMEOUT.toSeconds()), address, Integer.toString(port));
    }

    /** One ping from {@code host} to {@code address}, waiting a second for the reply. */
    CommandRun ping(Host host, String address) throws IOException, InterruptedException {
        return on(host, COMMAND_TIMEOUT, program("ping"), "-n", "-c", "1", "-W", "1", address);
    }

    /**
     * A TCP listener on {@code port} in {@code netns} that answers every connection with {@code reply} and a newline
     * ({@code busybox nc -ll -p PORT -e /bin/echo REPLY}), listening when this returns; stopped by
     * {@link #stopListeners()}.
     */
    NamespaceProcess listen(String netns, int port, String reply) throws IOException, InterruptedException {
        NamespaceProcess listener = NamespaceProcess.start("nc@" + netns + ":" + port, netns, List.of(program("busybox"),
                "nc", "-ll", "-p", Integer.toString(port), "-e", program("echo"), reply),
                dir.resolve("nc-" + netns + "-" + port + ".log"));
        listeners.add(listener);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (exec(netns, COMMAND_TIMEOUT, Optional.empty(), program("ss"), "-H", "-l", "-t", "-n",
                "sport = :" + port).stdout().isBlank()) {
            if (!listener.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IOException(listener + " is not listening:\n" + listener.logTail(10));
            }
            Thread.sleep(20);
        }
        return listener;
    }

    NamespaceProcess listen(Host host, int port, String reply) throws IOException, InterruptedException {
        return listen(netns(host), port, reply);
    }

    /** Stops every listener {@link #listen} started. */
    void stopListeners() throws InterruptedException {
        for (NamespaceProcess listener : listeners) {
            listener.stop();
        }
        listeners.clear();
    }

    private static String program(String name) {
        return Interop.requireProgram(name, name).toString();
    }

    /**
     * Stops the listeners, kills whatever else still runs in the namespaces (only processes the test started can be
     * there), then deletes them, and with them the veths, the addresses and the firewall table; failures are
     * reported after trying every namespace.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        stopListeners();
        IOException failure = null;
        for (String netns : created.reversed()) {
            try {
                delete(netns);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Deletes the namespaces of earlier runs whose JVM is gone (a run killed before its {@code close()}). */
    static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : Interop.ip("netns", "list").lines().toList()) {
            String netns = line.split("\\s+", 2)[0];
            Matcher m = OURS.matcher(netns);
            if (m.matches()) {
                long pid = Long.parseLong(m.group(1));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    delete(netns);
                }
            }
        }
    }

    private static void delete(String netns) throws IOException, InterruptedException {
        for (long pid : Stream.of(Interop.ip("netns", "pids", netns).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).map(Long::parseLong).toList()) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join();
            });
        }
        Interop.ip("netns", "delete", netns);
    }

    @Override
    public String toString() {
        return "FirewallLan[" + name("*") + "]";
    }
}
