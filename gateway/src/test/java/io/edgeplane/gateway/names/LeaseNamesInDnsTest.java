package io.edgeplane.gateway.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.lease.LeaseJournal;
import io.edgeplane.gateway.TestDhcpPlatform;
import io.edgeplane.gateway.TestNode;
import io.edgeplane.gateway.runtime.ReloadOutcome;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole node with DNS and DHCP (the DHCP server's kernel in memory): the names of leases answer in DNS, whether
 * the lease was granted now, read back from the lease file at start, or held before DNS was configured.
 */
class LeaseNamesInDnsTest {

    private static final Inet4Address LAPTOP = TestDhcpPlatform.ipv4("198.18.7.60");

    @TempDir
    Path dir;

    private final TestDhcpPlatform dhcp = new TestDhcpPlatform();

    private String config(boolean withDns) {
        return """
                node: { name: dhcp-node }
                admin: { listen: 127.0.0.1:0 }
                %sdhcp:
                  interface: lan0
                  ranges: [{ from: 198.18.7.50, to: 198.18.7.150, lease: 12h }]
                  options: { domain: lan.test }
                  lease_file: %s
                  probe: false
                """.formatted(withDns ? "dns: { listen: [127.0.0.1:0] }\n" : "", dir.resolve("dhcp.leases"));
    }

    @Test
    void aLeaseReadBackFromTheLeaseFileAtStartAnswersInDns() throws Exception {
        try (LeaseJournal journal = LeaseJournal.open(dir.resolve("dhcp.leases"), Clock.systemUTC())) {
            journal.put(new Lease(LAPTOP, HardwareAddress.parse("52:54:00:12:34:56"), Optional.empty(),
                    Optional.of("laptop"), Instant.now().plus(Duration.ofHours(6))));
            journal.commit();
        }

        try (TestNode node = TestNode.start(dir, config(true), dhcp)) {
            assertThat(askA(node, "laptop.lan.test")).as("the restored lease's name").contains(LAPTOP);
        }
    }

    @Test
    void aLeaseGrantedOverTheWireAnswersInDns() throws Exception {
        try (TestNode node = TestNode.start(dir, config(true), dhcp)) {
            Inet4Address granted = lease(dhcp, HardwareAddress.parse("52:54:00:00:00:07"), "printer");

            assertThat(askA(node, "printer.lan.test")).contains(granted);
            assertThat(askA(node, "nobody.lan.test")).isEmpty();
        }
    }

    @Test
    void aReloadThatAddsDnsGivesItTheNamesOfTheLeasesHeld() throws Exception {
        try (TestNode node = TestNode.start(dir, config(false), dhcp)) {
            Inet4Address granted = lease(dhcp, HardwareAddress.parse("52:54:00:00:00:08"), "scanner");

            node.rewrite(config(true));
            ReloadOutcome outcome = node.process().gateway().reload("test");

            assertThat(outcome.applied()).as(outcome.toString()).isTrue();
            assertThat(askA(node, "scanner.lan.test")).contains(granted);

            // Taken away and given back: the DNS server created anew is given the names too.
            node.rewrite(config(false));
            assertThat(node.process().gateway().reload("test").applied()).isTrue();
            node.rewrite(config(true));
            assertThat(node.process().gateway().reload("test").applied()).isTrue();
            assertThat(askA(node, "scanner.lan.test")).contains(granted);
        }
    }

    /** DISCOVER, OFFER, REQUEST, ACK for {@code mac} sending host name {@code name}; the address acknowledged. */
    static Inet4Address lease(TestDhcpPlatform dhcp, HardwareAddress mac, String name) throws InterruptedException {
        int xid = Arrays.hashCode(mac.bytes());
        DhcpMessage offer = dhcp.exchange(message(mac, xid, DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                .string(DhcpOptions.HOST_NAME, name).build()));
        assertThat(offer.messageType()).contains(DhcpMessageType.OFFER);
        DhcpMessage ack = dhcp.exchange(message(mac, xid, DhcpOptions.builder().messageType(DhcpMessageType.REQUEST)
                .address(DhcpOptions.SERVER_IDENTIFIER, TestDhcpPlatform.SERVER)
                .address(DhcpOptions.REQUESTED_ADDRESS, offer.yiaddr()).string(DhcpOptions.HOST_NAME, name).build()));
        assertThat(ack.messageType()).contains(DhcpMessageType.ACK);
        return ack.yiaddr();
    }

    private static DhcpMessage message(HardwareAddress mac, int xid, DhcpOptions options) {
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, xid, 0, 0, DhcpMessage.ANY, DhcpMessage.ANY,
                DhcpMessage.ANY, DhcpMessage.ANY, mac, "", "", options);
    }

    /** The addresses of the A records the node's DNS server answers for {@code name}; empty when it has none. */
    static List<Inet4Address> askA(TestNode node, String name) throws Exception {
        String endpoint = node.process().gateway().endpoints().get("dns").getFirst();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
        ByteArrayOutputStream query = new ByteArrayOutputStream();
        query.writeBytes(new byte[] {0x4c, 0x45, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            query.write(label.length());
            query.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        query.writeBytes(new byte[] {0, 0, 1, 0, 1});
        byte[] bytes = query.toByteArray();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            socket.receive(answer);
            byte[] reply = Arrays.copyOf(answer.getData(), answer.getLength());
            assertThat(reply[0]).isEqualTo((byte) 0x4c);
            int answers = (reply[6] & 0xff) << 8 | reply[7] & 0xff;
            // Past the question, each answer: a name (a pointer here), type, class, TTL, length, then 4 bytes.
            int at = bytes.length;
            List<Inet4Address> addresses = new java.util.ArrayList<>();
            for (int i = 0; i < answers; i++) {
                assertThat(reply[at] & 0xc0).as("a compressed owner name").isEqualTo(0xc0);
                int type = (reply[at + 2] & 0xff) << 8 | reply[at + 3] & 0xff;
                int length = (reply[at + 10] & 0xff) << 8 | reply[at + 11] & 0xff;
                if (type == 1) {
                    addresses.add((Inet4Address) java.net.InetAddress.getByAddress(
                            Arrays.copyOfRange(reply, at + 12, at + 16)));
                }
                at += 12 + length;
            }
            return addresses;
        }
    }
}
