package io.edgeplane.gateway.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * edgeplane's lease journal against {@code kill -9}: real clients (udhcpc and dhcpcd in turn) ask for leases at
 * once, edgeplane is killed while some exchanges are still going on, and started again on the same lease file.
 * Every lease a client heard acknowledged must be there after the restart, with its client's MAC, and each of
 * those clients must get its address back when it renews; the clients cut off mid-exchange get addresses too,
 * none of them one already held.
 */
class DhcpDurabilityIT {

    private static final int CLIENTS = 8;
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ALREADY_BOUND = Duration.ofMillis(300);

    private DhcpLan lan;

    @AfterEach
    void tearDown() throws Exception {
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void everyAcknowledgedLeaseSurvivesKillNineAndItsClientGetsItsAddressBack(TestInfo info) throws Exception {
        List<DhcpClientKind> kinds = IntStream.range(0, CLIENTS)
                .mapToObj(i -> i % 2 == 0 ? DhcpClientKind.UDHCPC : DhcpClientKind.DHCPCD).toList();
        lan = DhcpLan.start(DhcpServerImplementation.EDGEPLANE, DhcpServerSpec.standard(), kinds,
                DhcpLan.directory(info));
        EdgeplaneDhcpServer server = (EdgeplaneDhcpServer) lan.server;
        for (DhcpClient client : lan.clients) {
            client.start();
        }
        // Kill once the first client is bound: the others are somewhere in their exchanges.
        Map<DhcpClient, Inet4Address> acknowledged = new LinkedHashMap<>();
        acknowledged.put(lan.client(1), lan.client(1).awaitLease(LEASE_TIMEOUT).address());
        server.kill();

        // A client bound now heard its ACK before the kill: nothing answers after it.
        for (DhcpClient client : lan.clients.subList(1, CLIENTS)) {
            try {
                acknowledged.put(client, client.awaitLease(ALREADY_BOUND).address());
            } catch (IOException notBound) {
                // Cut off before its ACK: nothing was promised to it.
            }
        }
        assertThat(acknowledged).as("clients bound before the kill").isNotEmpty();

        server.start();
        List<ServerLease> held = server.leases();
        for (Map.Entry<DhcpClient, Inet4Address> entry : acknowledged.entrySet()) {
            String mac = lan.topology.mac(entry.getKey().host());
            assertThat(held).as("the lease of %s (%s) after kill -9 and restart%s", entry.getKey(), mac, lan.logs())
                    .anySatisfy(lease -> {
                        assertThat(lease.address()).isEqualTo(entry.getValue());
                        assertThat(lease.mac()).isEqualTo(mac);
                    });
        }
        for (Map.Entry<DhcpClient, Inet4Address> entry : acknowledged.entrySet()) {
            assertThat(entry.getKey().renew(LEASE_TIMEOUT).address()).as("%s renewing after the restart%s",
                    entry.getKey(), lan.logs()).isEqualTo(entry.getValue());
        }
        List<Inet4Address> all = new ArrayList<>(acknowledged.values());
        for (DhcpClient client : lan.clients) {
            if (!acknowledged.containsKey(client)) {
                all.add(client.awaitLease(LEASE_TIMEOUT).address());
            }
        }
        Set<Inet4Address> distinct = new HashSet<>(all);
        assertThat(distinct).as("every client's address, each held once%s", lan.logs()).hasSize(CLIENTS);
    }
}
