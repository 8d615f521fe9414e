package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.ClientId;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.lease.LeaseJournal;
import io.edgeplane.gateway.TestDhcpPlatform;
import io.edgeplane.gateway.TestNode;
import java.net.Inet4Address;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/dhcp/leases} and the DHCP server on the stats page, {@code /stats.json} and {@code /metrics}, from
 * a whole node whose DHCP server runs on an in-memory platform: one lease read back from the lease file at start,
 * one granted over the wire.
 */
class DhcpLeasesApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ADMIN = """
            node: { name: dhcp-node }
            admin:
              listen: 127.0.0.1:0
              auth: { user: ops, password: pw }
            """;
    private static final Instant LAPTOP_EXPIRES = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    private final TestDhcpPlatform dhcp = new TestDhcpPlatform();

    @Test
    void withoutADhcpServerTheLeasesAreNotFoundAndSaySo() throws Exception {
        try (TestNode node = TestNode.start(dir, ADMIN)) {
            HttpResponse<String> response = node.get("/api/dhcp/leases", "ops", "pw");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.body()).isEqualTo("no DHCP server runs: the config has no dhcp section\n");
            assertThat(node.get("/", "ops", "pw").body()).contains("GET  /api/dhcp/leases");
        }
    }

    @Test
    void theLeasesAreJsonInAddressOrder() throws Exception {
        try (TestNode node = start()) {
            Inet4Address printer = leaseOverTheWire("52:54:00:00:00:09", "printer");

            assertThat(node.get("/api/dhcp/leases").statusCode()).as("credentials needed").isEqualTo(401);
            HttpResponse<String> response = node.get("/api/dhcp/leases", "ops", "pw");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode view = MAPPER.readTree(response.body());
            assertThat(view.path("interface").textValue()).isEqualTo("lan0");
            assertThat(view.path("server_address").textValue()).isEqualTo("198.18.7.1");
            assertThat(view.path("pool_size").longValue()).isEqualTo(101);
            assertThat(view.path("pool_free").longValue()).isEqualTo(99);
            assertThat(view.path("lease_count").intValue()).isEqualTo(2);
            JsonNode laptop = view.path("leases").get(0);
            assertThat(laptop.path("address").textValue()).isEqualTo("198.18.7.50");
            assertThat(laptop.path("mac").textValue()).isEqualTo("52:54:00:12:34:56");
            assertThat(laptop.path("host_name").textValue()).isEqualTo("laptop");
            assertThat(laptop.path("client_id").textValue()).isEqualTo("01:52:54:00:12:34:56");
            assertThat(laptop.path("expires").textValue()).isEqualTo(LAPTOP_EXPIRES.toString());
            JsonNode second = view.path("leases").get(1);
            assertThat(second.path("address").textValue()).isEqualTo(printer.getHostAddress());
            assertThat(second.path("host_name").textValue()).isEqualTo("printer");
            assertThat(second.path("client_id").isNull()).isTrue();
            assertThat(Instant.parse(second.path("expires").textValue()))
                    .isBetween(Instant.now().plus(11, ChronoUnit.HOURS), Instant.now().plus(12, ChronoUnit.HOURS));
        }
    }

    @Test
    void headAnswersTheHeadersOnlyAndAChangeIsNotAllowed() throws Exception {
        try (TestNode node = start()) {
            int length = node.get("/api/dhcp/leases", "ops", "pw").body().getBytes(StandardCharsets.UTF_8).length;

            HttpResponse<String> head = node.send(HttpRequest.newBuilder(node.uri("/api/dhcp/leases"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", TestNode.basic("ops", "pw")));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(length));

            HttpResponse<String> post = node.send(HttpRequest.newBuilder(node.uri("/api/dhcp/leases"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", TestNode.basic("ops", "pw")));
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
            assertThat(node.get("/api/audit", "ops", "pw").body()).as("a refused method changes nothing")
                    .doesNotContain("dhcp");
        }
    }

    @Test
    void theStatsPageStatsJsonAndMetricsShowTheServer() throws Exception {
        try (TestNode node = start()) {
            Inet4Address printer = leaseOverTheWire("52:54:00:00:00:09", "printer");

            String page = node.get("/stats", "ops", "pw").body();
            assertThat(page).contains("<section id=\"dhcp\">")
                    .contains("<p>serving lan0 as 198.18.7.1; 2 leases, 99 of 101 range addresses free</p>")
                    .contains("<tr class=\"dhcp-lease\" data-address=\"198.18.7.50\"><td>198.18.7.50</td>"
                            + "<td>52:54:00:12:34:56</td><td>laptop</td><td>01:52:54:00:12:34:56</td>")
                    .contains("<tr class=\"dhcp-lease\" data-address=\"" + printer.getHostAddress() + "\">");
            assertThat(page).contains("data-service=\"dhcp\" data-healthy=\"true\"");

            JsonNode json = MAPPER.readTree(node.get("/stats.json", "ops", "pw").body()).path("dhcp");
            assertThat(json.path("lease_count").intValue()).isEqualTo(2);
            assertThat(json.path("leases").get(1).path("host_name").textValue()).isEqualTo("printer");

            String metrics = node.get("/metrics", "ops", "pw").body();
            assertThat(metrics).contains("edgeplane_dhcp_requests_total{type=\"discover\"} 1.0")
                    .contains("edgeplane_dhcp_requests_total{type=\"request\"} 1.0")
                    .contains("edgeplane_dhcp_replies_total{type=\"offer\"} 1.0")
                    .contains("edgeplane_dhcp_replies_total{type=\"ack\"} 1.0")
                    .contains("edgeplane_dhcp_leases 2.0")
                    .contains("edgeplane_dhcp_pool_free 99.0")
                    .contains("edgeplane_dhcp_probe_conflicts_total 0.0")
                    .contains("edgeplane_dhcp_leases_expired_total 0.0")
                    .contains("edgeplane_dhcp_journal_commit_seconds_count ");
        }
    }

    /** A node serving lan0, its lease file already holding the laptop's lease, as after a restart. */
    private TestNode start() throws Exception {
        Path leases = dir.resolve("dhcp.leases");
        try (LeaseJournal journal = LeaseJournal.open(leases, Clock.systemUTC())) {
            journal.put(new Lease(TestDhcpPlatform.ipv4("198.18.7.50"), HardwareAddress.parse("52:54:00:12:34:56"),
                    Optional.of(ClientId.parse("01:52:54:00:12:34:56")), Optional.of("laptop"), LAPTOP_EXPIRES));
            journal.commit();
        }
        return TestNode.start(dir, ADMIN + """
                dhcp:
                  interface: lan0
                  ranges: [{ from: 198.18.7.50, to: 198.18.7.150, lease: 12h }]
                  lease_file: %s
                  probe: false
                """.formatted(leases), dhcp);
    }

    private Inet4Address leaseOverTheWire(String mac, String name) throws InterruptedException {
        HardwareAddress hardware = HardwareAddress.parse(mac);
        DhcpMessage offer = dhcp.exchange(message(hardware, DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                .string(DhcpOptions.HOST_NAME, name).build()));
        DhcpMessage ack = dhcp.exchange(message(hardware, DhcpOptions.builder().messageType(DhcpMessageType.REQUEST)
                .address(DhcpOptions.SERVER_IDENTIFIER, TestDhcpPlatform.SERVER)
                .address(DhcpOptions.REQUESTED_ADDRESS, offer.yiaddr()).string(DhcpOptions.HOST_NAME, name).build()));
        assertThat(ack.messageType()).contains(DhcpMessageType.ACK);
        return ack.yiaddr();
    }

    private static DhcpMessage message(HardwareAddress mac, DhcpOptions options) {
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, 0x2a2a, 0, 0, DhcpMessage.ANY, DhcpMessage.ANY,
                DhcpMessage.ANY, DhcpMessage.ANY, mac, "", "", options);
    }
}
