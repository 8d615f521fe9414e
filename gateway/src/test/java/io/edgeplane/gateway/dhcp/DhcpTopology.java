package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A LAN of network namespaces for DHCP: a switch, the server and {@code N} clients plugged into it, built with
 * {@code ip} for one test and deleted by {@link #close()}, even after a failure half-way.
 *
 * <pre>
 *   epdhcp-PID-SEQ-srv [eth0 198.18.67.1/24] ──veth── srv ┐
 *   epdhcp-PID-SEQ-c1  [eth0, no address]    ──veth── c1  ├─ br0 in epdhcp-PID-SEQ-sw
 *   epdhcp-PID-SEQ-c2  [eth0, no address]    ──veth── c2  ┘
 * </pre>
 *
 * <p>Nothing is created in, or moved through, the machine's own namespace: the bridge lives in the switch
 * namespace and each veth is created there with its peer placed straight into its namespace. 198.18.67.0/24 is
 * this harness's (the VRRP tests use 198.18.0.0/24); each topology is its own broadcast domain, so two runs side by
 * side do not hear each other.
 *
 * <p>Each namespace gets its own {@code /etc/netns/NAME/resolv.conf} (naming the server), which {@code ip netns
 * exec} binds over {@code /etc/resolv.conf} for whatever runs inside: a client that rewrites resolv.conf writes
 * that file, never the machine's. Clients have fixed, locally administered MACs, {@code 02:00:c6:12:43:NN} (NN =
 * 0x10 + the client's number), which {@link #setMac} changes before a client starts.
 *
 * <p>Names carry the JVM's pid: {@link #create} first deletes what a crashed earlier run (a pid no longer alive)
 * left behind, and never what a run going on at the same time uses.
 */
final class DhcpTopology implements AutoCloseable {

    /** Every member's interface, in its own namespace. */
    static final String INTERFACE = "eth0";
    static final String SUBNET = "198.18.67.0/24";
    static final int PREFIX_LENGTH = 24;
    static final Inet4Address SERVER_ADDRESS = (Inet4Address) InetAddress.ofLiteral("198.18.67.1");

    /** What every namespace name starts with. */
    static final String PREFIX = "epdhcp-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\d+-[a-z0-9]+$");
    private static final Path NETNS_ETC = Path.of("/etc/netns");
    private static final String BRIDGE = "br0";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One namespace plugged into the switch; {@code netns} is the name {@code ip netns} knows it by. */
    record Host(String name, String netns, String switchPort) {

        @Override
        public String toString() {
            return name;
        }
    }

    private final String prefix;
    private final String switchNamespace;
    private final List<String> created = new ArrayList<>();
    private final List<Host> clients = new ArrayList<>();
    private boolean createdNetnsEtc;
    private Host server;

    private DhcpTopology(String prefix) {
        this.prefix = prefix;
        this.switchNamespace = prefix + "sw";
    }

    /**
     * Builds the switch, the server and {@code clientCount} clients ({@code c1}, {@code c2}, ...), or skips (fails
     * under EDGEPLANE_REQUIRE_INTEROP=1) when this machine cannot.
     */
    static DhcpTopology create(int clientCount) throws Exception {
        if (clientCount < 1 || clientCount > 9) {
            throw new IllegalArgumentException("clientCount " + clientCount + ": expected 1..9");
        }
        Interop.requireRoot();
        Interop.requireIp();
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        DhcpTopology topology = new DhcpTopology(PREFIX + pid + "-" + SEQUENCE.incrementAndGet() + "-");
        try {
            topology.build(clientCount);
        } catch (Exception | Error e) {
            try {
                topology.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return topology;
    }

    private void build(int clientCount) throws Exception {
        createdNetnsEtc = !Files.isDirectory(NETNS_ETC);
        addNamespace(switchNamespace);
        Interop.ip("-n", switchNamespace, "link", "add", BRIDGE, "type", "bridge");
        Interop.ip("-n", switchNamespace, "link", "set", BRIDGE, "up");
        server = plug("srv", "02:00:c6:12:43:01");
        Interop.ip("-n", server.netns(), "addr", "add", SERVER_ADDRESS.getHostAddress() + "/" + PREFIX_LENGTH, "dev",
                INTERFACE);
        for (int i = 1; i <= clientCount; i++) {
            clients.add(plug("c" + i, defaultMac(i)));
        }
    }

    private void addNamespace(String netns) throws IOException, InterruptedException {
        Interop.ip("netns", "add", netns);
        created.add(netns);
        Path etc = Files.createDirectories(NETNS_ETC.resolve(netns));
        Files.writeString(etc.resolve("resolv.conf"), "# " + netns + ": written by the DHCP interop test\n"
                + "nameserver " + SERVER_ADDRESS.getHostAddress() + "\n", StandardCharsets.UTF_8);
    }

    private Host plug(String name, String mac) throws IOException, InterruptedException {
        String netns = prefix + name;
        addNamespace(netns);
        Interop.ip("-n", switchNamespace, "link", "add", name, "type", "veth", "peer", "name", INTERFACE, "netns",
                netns);
        Interop.ip("-n", switchNamespace, "link", "set", name, "master", BRIDGE, "up");
        Interop.ip("-n", netns, "link", "set", "lo", "up");
        Interop.ip("-n", netns, "link", "set", INTERFACE, "address", mac);
        Interop.ip("-n", netns, "link", "set", INTERFACE, "up");
        return new Host(name, netns, name);
    }

    /** {@code 02:00:c6:12:43:NN}, NN = 0x10 + {@code client}: locally administered, one per client. */
    static String defaultMac(int client) {
        return "02:00:c6:12:43:" + HexFormat.of().toHexDigits((byte) (0x10 + client));
    }

    /** What every namespace name of this topology starts with, {@code epdhcp-PID-SEQ-}. */
    String prefix() {
        return prefix;
    }

    Host server() {
        return server;
    }

    /** Client {@code n} (1-based): {@code client(1)} is {@code c1}. */
    Host client(int n) {
        return clients.get(n - 1);
    }

    List<Host> clients() {
        return List.copyOf(clients);
    }

    /** Gives {@code host}'s eth0 the MAC {@code mac} (lower case, colon-separated), before a client starts. */
    void setMac(Host host, String mac) throws IOException, InterruptedException {
        Interop.ip("-n", host.netns(), "link", "set", INTERFACE, "address", mac.toLowerCase(Locale.ROOT));
    }

    /** The MAC of {@code host}'s eth0, lower case. */
    String mac(Host host) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})")
                .matcher(Interop.ip("-n", host.netns(), "link", "show", INTERFACE));
        if (!m.find()) {
            throw new IOException(host + ": no MAC on " + INTERFACE);
        }
        return m.group(1);
    }

    /** The IPv4 addresses on {@code host}'s eth0 now. */
    List<Inet4Address> addresses(Host host) throws IOException, InterruptedException {
        List<Inet4Address> addresses = new ArrayList<>();
        Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/")
                .matcher(Interop.ip("-n", host.netns(), "-4", "-o", "addr", "show", "dev", INTERFACE));
        while (m.find()) {
            addresses.add((Inet4Address) InetAddress.ofLiteral(m.group(1)));
        }
        return addresses;
    }

    /** The pids of every process in {@code host}'s namespace (only processes a test started can be there). */
    List<Long> processesIn(Host host) throws IOException, InterruptedException {
        return pids(host.netns());
    }

    /** Runs {@code command} in {@code host}'s namespace to its end, {@code timeout} at most; its output. */
    String exec(Host host, Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(Interop.requireIp().toString(), "netns", "exec", host.netns()));
        full.addAll(List.of(command));
        return Interop.run(full, timeout);
    }

    /** The file {@code ip netns exec} shows as {@code /etc/resolv.conf} inside {@code host}'s namespace. */
    Path resolvConf(Host host) {
        return NETNS_ETC.resolve(host.netns()).resolve("resolv.conf");
    }

    /**
     * Kills whatever still runs in the namespaces, then deletes them (with them the veths and the bridge) and
     * their {@code /etc/netns} files; failures are reported after trying every namespace.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        IOException failure = null;
        for (String netns : created.reversed()) {
            try {
                delete(netns);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        created.clear();
        if (createdNetnsEtc) {
            removeNetnsEtcIfEmpty();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Deletes the namespaces and {@code /etc/netns} entries of earlier runs whose JVM is gone (a run killed before
     * its {@code close()}), so that they neither pile up nor hold addresses.
     */
    static void removeLeftovers() throws IOException, InterruptedException {
        List<String> stale = new ArrayList<>();
        for (String line : Interop.ip("netns", "list").lines().toList()) {
            String name = line.split("\\s+", 2)[0];
            if (isStale(name)) {
                stale.add(name);
            }
        }
        for (String netns : stale) {
            delete(netns);
        }
        if (Files.isDirectory(NETNS_ETC)) {
            try (Stream<Path> entries = Files.list(NETNS_ETC)) {
                for (Path entry : entries.filter(p -> isStale(p.getFileName().toString())).toList()) {
                    deleteEtc(entry);
                }
            }
        }
    }

    private static boolean isStale(String name) {
        Matcher m = OURS.matcher(name);
        if (!m.matches()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static void delete(String netns) throws IOException, InterruptedException {
        try {
            for (long pid : pids(netns)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Interop.ip("netns", "delete", netns);
        } finally {
            deleteEtc(NETNS_ETC.resolve(netns));
        }
    }

    private static List<Long> pids(String netns) throws IOException, InterruptedException {
        return Stream.of(Interop.ip("netns", "pids", netns).trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .toList();
    }

    private static void deleteEtc(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** {@code /etc/netns} goes again if this run made it and no one else has put anything in it meanwhile. */
    private static void removeNetnsEtcIfEmpty() {
        try {
            Files.deleteIfExists(NETNS_ETC);
        } catch (DirectoryNotEmptyException | NoSuchFileException inUse) {
            // Another run (or the operator) uses it now: it stays.
        } catch (IOException e) {
            // Best effort: an empty /etc/netns changes nothing for anyone.
        }
    }

    @Override
    public String toString() {
        return "DhcpTopology[" + prefix + "*: srv + " + clients + "]";
    }
}
