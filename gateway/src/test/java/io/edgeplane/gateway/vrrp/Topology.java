package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import io.edgeplane.core.os.net.AssignedAddress;
import io.edgeplane.core.os.net.Libc;
import io.edgeplane.core.os.net.NetworkNamespace;
import io.edgeplane.core.os.net.Rtnetlink;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A LAN of network namespaces for VRRP: a switch and the nodes and client plugged into it, built with {@code ip}
 * for one test and deleted by {@link #close()}, even after a failure half-way.
 *
 * <pre>
 *   ep-ID-n1 [eth0 198.18.0.1/24 2001:2::1/64] ──veth── n1 ┐
 *   ep-ID-n2 [eth0 198.18.0.2/24 2001:2::2/64] ──veth── n2 ├─ br0 in ep-ID-br
 *   ep-ID-client [eth0 198.18.0.200/24 2001:2::200/64] ── client ┘
 * </pre>
 *
 * <p>Every node's interface is {@code eth0}, so a config written for one node fits any. Addresses come from the
 * benchmarking ranges (198.18.0.0/15, 2001:2::/48); the virtual IPs the tests use are {@link #VIP4} and
 * {@link #VIP6}. Nothing is created in, or moved through, the machine's own namespace: each veth is created from
 * inside the switch namespace with its peer placed straight into the node's namespace. {@code rp_filter} and
 * {@code arp_ignore} keep their defaults; only IPv6 duplicate address detection is off, so addresses (and
 * keepalived's link-local advert source) are usable at once. The bridge has multicast snooping off: it floods
 * 224.0.0.18 and ff02::12 to every port as a plain switch does, instead of waiting for MLD reports.
 *
 * <p>Two ways to take a node off the LAN, both done on the switch side so the node's own configuration is untouched:
 * <ul>
 *   <li>{@link #cutLink}: the switch port goes down ({@code ip link set PORT down}), a cable pulled between switch
 *       and node. A veth carries that over: the node's {@code eth0} loses carrier (NO-CARRIER), so the daemon sees
 *       its interface go down and, as keepalived does, goes to FAULT and drops the virtual IPs. The peer hears
 *       nothing more and takes over after the master down interval. This is the "the master's link is
 *       cut".</li>
 *   <li>{@link #partition}: the switch stops forwarding the port ({@code bridge link set dev PORT state 0},
 *       disabled) while the link stays up, a broken switch or a filter in between. The node sees nothing, keeps
 *       its carrier and stays MASTER: both nodes hold the virtual IP until {@link #heal}, which is the split brain
 *       that VRRP must resolve once adverts flow again.</li>
 * </ul>
 */
final class Topology implements AutoCloseable {

    /** The interface every member has, in its own namespace. */
    static final String INTERFACE = "eth0";
    static final String VIP4 = "198.18.0.100/24";
    static final String VIP6 = "2001:2::100/64";

    private static final String BRIDGE = "br0";
    private static final Duration POLL = Duration.ofMillis(5);

    /** One namespace plugged into the switch. */
    record Member(String name, NetworkNamespace namespace, String switchPort, Inet4Address ipv4, Inet6Address ipv6,
            int ifindex) {

        /** The name {@code ip netns} knows the namespace by. */
        String netns() {
            return namespace.name();
        }

        /** The member's address of the family of {@code like}. */
        InetAddress address(InetAddress like) {
            return like instanceof Inet6Address ? ipv6 : ipv4;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Libc libc;
    private final String id;
    private final String switchNamespace;
    private final List<String> created = new ArrayList<>();
    private final List<Member> nodes = new ArrayList<>();
    private final List<Rtnetlink> rtnetlinks = new ArrayList<>();
    private Member client;

    private Topology(Libc libc, String id) {
        this.libc = libc;
        this.id = id;
        this.switchNamespace = "ep-" + id + "-br";
    }

    /**
     * Builds a switch with {@code nodeCount} nodes ({@code n1}, {@code n2}, ...) and a client, or skips (fails
     * under EDGEPLANE_REQUIRE_INTEROP=1) when this machine cannot.
     */
    static Topology create(int nodeCount) throws Exception {
        if (nodeCount < 1 || nodeCount > 9) {
            throw new IllegalArgumentException("nodeCount " + nodeCount + ": expected 1..9");
        }
        Optional<Libc> libc = Libc.load();
        Interop.require(libc.isPresent(), "not 64-bit Linux: no Libc binding");
        Interop.requireRoot();
        Interop.requireIp();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt() & 0xFFFFFF, 6);
        Topology topology = new Topology(libc.get(), id);
        try {
            topology.build(nodeCount);
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

    private void build(int nodeCount) throws Exception {
        Interop.ip("netns", "add", switchNamespace);
        created.add(switchNamespace);
        Interop.ip("-n", switchNamespace, "link", "add", BRIDGE, "type", "bridge", "mcast_snooping", "0");
        Interop.ip("-n", switchNamespace, "link", "set", BRIDGE, "up");
        for (int i = 1; i <= nodeCount; i++) {
            nodes.add(plug("n" + i, i));
        }
        client = plug("client", 200);
    }

    private Member plug(String name, int host) throws Exception {
        String netns = "ep-" + id + "-" + name;
        Interop.ip("netns", "add", netns);
        created.add(netns);
        Interop.run(List.of(Interop.requireIp().toString(), "netns", "exec", netns, "sysctl", "-q", "-w",
                "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"));
        Interop.ip("-n", switchNamespace, "link", "add", name, "type", "veth", "peer", "name", INTERFACE, "netns",
                netns);
        Interop.ip("-n", switchNamespace, "link", "set", name, "master", BRIDGE, "up");
        Inet4Address ipv4 = (Inet4Address) InetAddress.ofLiteral("198.18.0." + host);
        Inet6Address ipv6 = (Inet6Address) InetAddress.ofLiteral("2001:2::" + host);
        Interop.ip("-n", netns, "link", "set", "lo", "up");
        Interop.ip("-n", netns, "addr", "add", ipv4.getHostAddress() + "/24", "dev", INTERFACE);
        Interop.ip("-n", netns, "addr", "add", ipv6.getHostAddress() + "/64", "dev", INTERFACE, "nodad");
        Interop.ip("-n", netns, "link", "set", INTERFACE, "up");
        NetworkNamespace namespace = NetworkNamespace.named(libc, netns);
        Rtnetlink rtnetlink = namespace.call(() -> Rtnetlink.open(libc));
        rtnetlinks.add(rtnetlink);
        int ifindex = rtnetlink.link(INTERFACE).orElseThrow().index();
        return new Member(name, namespace, name, ipv4, ipv6, ifindex);
    }

    Libc libc() {
        return libc;
    }

    /** The random part of every name, {@code ep-ID-...}. */
    String id() {
        return id;
    }

    /** Node {@code n} (1-based): {@code node(1)} is {@code n1}. */
    Member node(int n) {
        return nodes.get(n - 1);
    }

    List<Member> nodes() {
        return List.copyOf(nodes);
    }

    Member client() {
        return client;
    }

    /** The switch port of {@code member} goes down: the node's eth0 loses carrier (see the class comment). */
    void cutLink(Member member) throws IOException, InterruptedException {
        Interop.ip("-n", switchNamespace, "link", "set", member.switchPort(), "down");
    }

    /** Undoes {@link #cutLink}. */
    void restoreLink(Member member) throws IOException, InterruptedException {
        Interop.ip("-n", switchNamespace, "link", "set", member.switchPort(), "up");
    }

    /** The switch stops forwarding {@code member}'s port, its carrier stays up (see the class comment). */
    void partition(Member member) throws IOException, InterruptedException {
        bridge("link", "set", "dev", member.switchPort(), "state", "0");
    }

    /** Undoes {@link #partition}: the port forwards again. */
    void heal(Member member) throws IOException, InterruptedException {
        bridge("link", "set", "dev", member.switchPort(), "state", "3");
    }

    private void bridge(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Interop.requireIp().toString(), "netns", "exec",
                switchNamespace, Interop.findProgram("bridge").orElseThrow(
                        () -> new IOException("no 'bridge' command (Debian package iproute2)")).toString()));
        command.addAll(List.of(args));
        Interop.run(command);
    }

    /**
     * The nodes whose eth0 has {@code vip} (an address with or without its prefix length) right now, read over
     * rtnetlink in each node's namespace ({@code ip -n NS -o addr}, without starting a process, so it can be
     * sampled every few milliseconds).
     */
    List<Member> holders(String vip) throws IOException {
        InetAddress address = address(vip);
        List<Member> holders = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Member node = nodes.get(i);
            for (AssignedAddress assigned : rtnetlinks.get(i).addresses(node.ifindex())) {
                if (Arrays.equals(assigned.address().getAddress(), address.getAddress())) {
                    holders.add(node);
                    break;
                }
            }
        }
        return holders;
    }

    /**
     * Polls {@link #holders} every 5 ms until {@code condition} holds of them or {@code timeout} passes; returns
     * the last holders seen either way, for the caller to assert on.
     */
    List<Member> awaitHolders(String vip, Predicate<List<Member>> condition, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Member> holders = holders(vip);
            if (condition.test(holders) || System.nanoTime() - deadline > 0) {
                return holders;
            }
            Thread.sleep(POLL);
        }
    }

    /** Waits until {@code member} alone holds {@code vip}; the holders seen last. */
    List<Member> awaitSoleHolder(String vip, Member member, Duration timeout)
            throws IOException, InterruptedException {
        return awaitHolders(vip, holders -> holders.equals(List.of(member)), timeout);
    }

    /** The link-local address of {@code member}'s eth0, with its scope id, for what VRRPv3 over IPv6 sends. */
    Inet6Address linkLocal(Member member) throws Exception {
        return member.namespace().call(() -> {
            try (Rtnetlink rtnetlink = Rtnetlink.open(libc)) {
                return (Inet6Address) rtnetlink.addresses(member.ifindex()).stream()
                        .filter(a -> a.address() instanceof Inet6Address && a.address().isLinkLocalAddress())
                        .findFirst()
                        .map(AssignedAddress::address)
                        .orElseThrow(() -> new IOException(member + " has no IPv6 link-local address on "
                                + INTERFACE));
            }
        });
    }

    /** The address part of {@code 198.18.0.100/24}. */
    static InetAddress address(String addressWithPrefix) {
        Objects.requireNonNull(addressWithPrefix, "addressWithPrefix");
        int slash = addressWithPrefix.indexOf('/');
        return InetAddress.ofLiteral(slash < 0 ? addressWithPrefix : addressWithPrefix.substring(0, slash));
    }

    /** The family of {@code 198.18.0.100/24}. */
    static StandardProtocolFamily family(String addressWithPrefix) {
        return address(addressWithPrefix) instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    /**
     * Kills whatever still runs in the namespaces (only processes the test started can be there), then deletes
     * them, and with them the veths and the bridge; failures are reported after trying every namespace.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Rtnetlink rtnetlink : rtnetlinks) {
            rtnetlink.close();
        }
        rtnetlinks.clear();
        IOException failure = null;
        for (String netns : created.reversed()) {
            try {
                killEverythingIn(netns);
                Interop.ip("netns", "delete", netns);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static void killEverythingIn(String netns) throws IOException, InterruptedException {
        for (String pid : Interop.ip("netns", "pids", netns).trim().split("\\s+")) {
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Override
    public String toString() {
        return "Topology[ep-" + id + "-*: " + nodes + " + client]";
    }
}
