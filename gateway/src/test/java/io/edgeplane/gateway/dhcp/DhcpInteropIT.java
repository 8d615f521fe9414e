package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DHCP server under test against real clients, busybox udhcpc and dhcpcd, each in a network namespace on a
 * bridge with the server ({@link DhcpTopology}): leases with the options asked for, renew, release, reserved MACs,
 * and lease names in the server's DNS (A and PTR, asked with dig). Every server of {@code DHCP_INTEROP_SERVERS}
 * ({@link DhcpServerImplementation#selected()}; dnsmasq, the stand-in, until edgeplane's joins) runs every case
 * with every client. After each test the machine's {@code /etc/resolv.conf} must be byte for byte what it was, its
 * host name too, and the test's namespaces gone.
 */
class DhcpInteropIT {

    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RENEW_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(10);
    /** How long the server may take to show a change in {@link DhcpServerUnderTest#leases()}. */
    private static final Duration SERVER_UPDATE_TIMEOUT = Duration.ofSeconds(5);
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    static Stream<Arguments> serversAndClients() {
        return DhcpServerImplementation.selected().stream()
                .flatMap(server -> Stream.of(DhcpClientKind.values()).map(client -> Arguments.of(server, client)));
    }

    static Stream<DhcpServerImplementation> servers() {
        return DhcpServerImplementation.selected().stream();
    }

    private DhcpLan lan;
    private Optional<byte[]> resolvConfBefore;
    private String hostnameBefore;

    @BeforeEach
    void recordTheMachine() throws IOException {
        resolvConfBefore = readIfThere(RESOLV_CONF);
        hostnameBefore = Files.readString(HOSTNAME);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (lan != null) {
                lan.close();
            }
        } finally {
            assertThat(readIfThere(RESOLV_CONF)).as("the machine's /etc/resolv.conf after the test")
                    .usingRecursiveComparison().isEqualTo(resolvConfBefore);
            assertThat(Files.readString(HOSTNAME)).as("the machine's host name after the test")
                    .isEqualTo(hostnameBefore);
            if (lan != null) {
                assertThat(Interop.ip("netns", "list")).as("namespaces left by the test")
                        .doesNotContain(lan.topology.prefix());
            }
        }
    }

    private static Optional<byte[]> readIfThere(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private DhcpClient leased(DhcpServerImplementation server, DhcpServerSpec spec, DhcpClientKind kind,
            TestInfo info) throws Exception {
        lan = DhcpLan.start(server, spec, List.of(kind), DhcpLan.directory(info));
        DhcpClient client = lan.client(1);
        client.start();
        return client;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serversAndClients")
    void aClientGetsAnAddressFromTheRangeWithTheOptionsItAskedFor(DhcpServerImplementation server,
            DhcpClientKind kind, TestInfo info) throws Exception {
        DhcpServerSpec spec = DhcpServerSpec.standard();
        DhcpClient client = leased(server, spec, kind, info);
        ClientLease lease = client.awaitLease(LEASE_TIMEOUT);

        assertThat(spec.inRange(lease.address())).as("%s in %s - %s%s", lease.address(), spec.rangeFrom(),
                spec.rangeTo(), lan.logs()).isTrue();
        assertThat(lease.subnetMask()).as("subnet mask").contains("255.255.255.0");
        assertThat(lease.routers()).as("routers").containsExactly(DhcpTopology.SERVER_ADDRESS);
        assertThat(lease.dnsServers()).as("DNS servers").containsExactly(DhcpTopology.SERVER_ADDRESS);
        assertThat(lease.domain()).as("domain").contains(spec.domain());
        assertThat(lease.leaseTime()).as("lease time").contains(spec.leaseTime());
        assertThat(lease.serverId()).as("server identifier").contains(DhcpTopology.SERVER_ADDRESS);
        assertThat(lease.hostname()).as("host name sent back").contains(client.hostname());
        assertThat(lan.topology.addresses(client.host())).as("eth0 of %s", client).containsExactly(lease.address());

        ServerLease held = awaitServerLease(l -> l.address().equals(lease.address()), "a lease of "
                + lease.address().getHostAddress());
        assertThat(held.mac()).isEqualTo(lan.topology.mac(client.host()));
        assertThat(held.hostname()).contains(client.hostname());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serversAndClients")
    void aRenewKeepsTheSameAddressAndExtendsTheLease(DhcpServerImplementation server, DhcpClientKind kind,
            TestInfo info) throws Exception {
        DhcpClient client = leased(server, DhcpServerSpec.standard(), kind, info);
        ClientLease lease = client.awaitLease(LEASE_TIMEOUT);
        ServerLease before = awaitServerLease(l -> l.address().equals(lease.address()), "the first lease");
        // Lease file expiry times have whole seconds: let one pass so that a renewed lease ends later.
        Thread.sleep(1100);

        ClientLease renewed = client.renew(RENEW_TIMEOUT);

        assertThat(renewed.address()).as("the renewed address%s", lan.logs()).isEqualTo(lease.address());
        assertThat(renewed.leaseTime()).isEqualTo(lease.leaseTime());
        ServerLease after = awaitServerLease(l -> l.address().equals(lease.address())
                && l.expires().isAfter(before.expires()), "the lease of " + lease.address().getHostAddress()
                + " extended past " + before.expires());
        assertThat(after.mac()).isEqualTo(before.mac());
        assertThat(lan.topology.addresses(client.host())).containsExactly(lease.address());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serversAndClients")
    void aReleaseFreesTheLease(DhcpServerImplementation server, DhcpClientKind kind, TestInfo info)
            throws Exception {
        DhcpClient client = leased(server, DhcpServerSpec.standard(), kind, info);
        ClientLease lease = client.awaitLease(LEASE_TIMEOUT);
        awaitServerLease(l -> l.address().equals(lease.address()), "the lease before the release");

        client.release(RELEASE_TIMEOUT);

        List<ServerLease> leases = awaitServerLeases(all -> all.stream()
                .noneMatch(l -> l.address().equals(lease.address())), SERVER_UPDATE_TIMEOUT);
        assertThat(leases).as("the server's leases after %s released %s%s", client, lease.address(), lan.logs())
                .extracting(ServerLease::address).doesNotContain(lease.address());
        assertThat(lan.topology.addresses(client.host())).as("eth0 of %s after the release", client).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serversAndClients")
    void aReservedMacGetsItsFixedAddress(DhcpServerImplementation server, DhcpClientKind kind, TestInfo info)
            throws Exception {
        String mac = "02:00:c6:12:43:aa";
        Inet4Address fixed = DhcpServerSpec.address("198.18.67.50");
        DhcpServerSpec spec = DhcpServerSpec.standard()
                .withReservation(new DhcpServerSpec.Reservation(mac, fixed, "fixed-" + kind));
        lan = DhcpLan.start(server, spec, List.of(kind), DhcpLan.directory(info));
        DhcpClient client = lan.client(1);
        lan.topology.setMac(client.host(), mac);
        client.start();

        ClientLease lease = client.awaitLease(LEASE_TIMEOUT);

        assertThat(lease.address()).as("the address of reserved MAC %s%s", mac, lan.logs()).isEqualTo(fixed);
        ServerLease held = awaitServerLease(l -> l.address().equals(fixed), "the lease of " + fixed);
        assertThat(held.mac()).isEqualTo(mac);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serversAndClients")
    void theClientsHostNameResolvesForwardAndBack(DhcpServerImplementation server, DhcpClientKind kind,
            TestInfo info) throws Exception {
        DhcpServerSpec spec = DhcpServerSpec.standard();
        DhcpClient client = leased(server, spec, kind, info);
        ClientLease lease = client.awaitLease(LEASE_TIMEOUT);
        awaitServerLease(l -> l.address().equals(lease.address()), "the lease");
        String name = client.hostname() + "." + spec.domain();

        assertThat(Dig.query(lan.topology, client.host(), DhcpTopology.SERVER_ADDRESS, name, "A"))
                .as("A of %s%s", name, lan.logs()).containsExactly(lease.address().getHostAddress());
        assertThat(Dig.reverse(lan.topology, client.host(), DhcpTopology.SERVER_ADDRESS, lease.address()))
                .as("PTR of %s%s", lease.address(), lan.logs()).containsExactly(name + ".");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void udhcpcAndDhcpcdSideBySideGetDifferentAddressesAndNames(DhcpServerImplementation server, TestInfo info)
            throws Exception {
        DhcpServerSpec spec = DhcpServerSpec.standard();
        lan = DhcpLan.start(server, spec, List.of(DhcpClientKind.UDHCPC, DhcpClientKind.DHCPCD),
                DhcpLan.directory(info));
        for (DhcpClient client : lan.clients) {
            client.start();
        }
        ClientLease first = lan.client(1).awaitLease(LEASE_TIMEOUT);
        ClientLease second = lan.client(2).awaitLease(LEASE_TIMEOUT);

        assertThat(first.address()).as("two clients' addresses%s", lan.logs()).isNotEqualTo(second.address());
        assertThat(List.of(first.address(), second.address())).allMatch(spec::inRange);
        List<ServerLease> leases = awaitServerLeases(all -> all.size() == 2, SERVER_UPDATE_TIMEOUT);
        assertThat(leases).extracting(ServerLease::address)
                .containsExactlyInAnyOrder(first.address(), second.address());
        for (int n = 1; n <= 2; n++) {
            DhcpClient client = lan.client(n);
            ClientLease lease = n == 1 ? first : second;
            // Each asks the server about the other's name: the names are the LAN's, not the asker's own.
            DhcpClient other = lan.client(3 - n);
            assertThat(Dig.query(lan.topology, other.host(), DhcpTopology.SERVER_ADDRESS,
                    client.hostname() + "." + spec.domain(), "A"))
                    .as("A of %s", client.hostname()).containsExactly(lease.address().getHostAddress());
        }
    }

    /** Waits until the server holds a lease that {@code which} accepts; fails after 5 s. */
    private ServerLease awaitServerLease(Predicate<ServerLease> which, String what) throws Exception {
        List<ServerLease> leases = awaitServerLeases(all -> all.stream().anyMatch(which), SERVER_UPDATE_TIMEOUT);
        return leases.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError(
                lan.server.implementation() + " does not hold " + what + " within "
                        + SERVER_UPDATE_TIMEOUT.toSeconds() + " s; its leases: " + leases + lan.logs()));
    }

    /** Polls the server's leases every 20 ms until {@code condition} holds or {@code timeout} passes; the last. */
    private List<ServerLease> awaitServerLeases(Predicate<List<ServerLease>> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ServerLease> leases = lan.server.leases();
            if (condition.test(leases) || System.nanoTime() - deadline > 0) {
                return leases;
            }
            Thread.sleep(20);
        }
    }
}
