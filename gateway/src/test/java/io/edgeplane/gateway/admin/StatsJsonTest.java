package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.gateway.TestNode;
import io.edgeplane.firewall.testing.InMemoryNft;
import io.edgeplane.gateway.stats.DhcpStatsFixture;
import io.edgeplane.gateway.stats.FirewallStatsFixture;
import io.edgeplane.gateway.stats.NtpStatsFixture;
import io.edgeplane.gateway.stats.StatsPageModel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /stats.json}: the services' stats records as JSON, NTP's, VRRP's, DHCP's and the firewall's among them. */
class StatsJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theNtpStatsAreAnObjectWithTrackingServerCountsAndSources() throws Exception {
        String json = new AdminJson().write(StatsEndpoints.jsonView(NtpStatsFixture.model(NtpStatsFixture.stats())));

        JsonNode ntp = MAPPER.readTree(json).path("ntp");
        assertThat(ntp.isObject()).as(json).isTrue();
        JsonNode tracking = ntp.path("tracking");
        assertThat(tracking.path("synchronised").isBoolean()).isTrue();
        assertThat(tracking.path("synchronised").booleanValue()).isTrue();
        assertThat(tracking.path("system_peer").textValue()).isEqualTo(NtpStatsFixture.PEER);
        assertThat(tracking.path("stratum").intValue()).isEqualTo(9);
        assertThat(tracking.path("steps").longValue()).isEqualTo(1);
        assertThat(tracking.path("system_clock").textValue()).isEqualTo("steered");
        // Doubles as plain JSON numbers, written as short as they round-trip.
        assertThat(json).contains("\"offset_micros\" : 12.5,").contains("\"frequency_ppm\" : -3.25,")
                .contains("\"correction_micros\" : 1250.0,").contains("\"offset_micros\" : -1523.4,");
        assertThat(ntp.path("addresses").get(0).textValue()).isEqualTo("127.0.0.1:11124");
        assertThat(ntp.path("served_stratum").intValue()).isEqualTo(9);
        assertThat(ntp.path("replies").path("time").longValue()).isEqualTo(120);
        assertThat(ntp.path("dropped").path("rate_limited").longValue()).isEqualTo(5);
        JsonNode sources = ntp.path("sources");
        assertThat(sources.size()).isEqualTo(2);
        assertThat(sources.get(0).path("address").textValue()).isEqualTo(NtpStatsFixture.PEER);
        assertThat(sources.get(0).path("state").textValue()).isEqualTo("system peer");
        assertThat(sources.get(0).path("reach").intValue()).as("the register's value: 377 octal").isEqualTo(255);
        assertThat(sources.get(1).path("configured_as").textValue()).isEqualTo("ntp.example.net");
        assertThat(sources.get(1).path("poll").intValue()).isEqualTo(4);
        assertThat(sources.get(1).path("delay_micros").doubleValue()).isEqualTo(2345.6);
    }

    @Test
    void vrrpInstancesShowInStatsJson() throws Exception {
        StatsPageModel base = NtpStatsFixture.model(NtpStatsFixture.stats());
        StatsPageModel model = new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), base.dns(), base.ntp(), Optional.of(List.of(
                        new io.edgeplane.vrrp.server.InstanceStatus("VI_1", "eth0", 51, 2, "backup", 100, 98, "10.0.0.2",
                                Optional.of("10.0.0.3"), List.of("138.197.55.84/24"), List.of(), 0, 42))),
                false, base.refresh());

        JsonNode instance = MAPPER.readTree(new AdminJson().write(StatsEndpoints.jsonView(model))).path("vrrp").get(0);

        assertThat(instance.path("name").textValue()).isEqualTo("VI_1");
        assertThat(instance.path("state").textValue()).isEqualTo("backup");
        assertThat(instance.path("priority").intValue()).isEqualTo(98);
        assertThat(instance.path("base_priority").intValue()).isEqualTo(100);
        assertThat(instance.path("master").textValue()).isEqualTo("10.0.0.3");
        assertThat(instance.path("virtual_addresses").get(0).textValue()).isEqualTo("138.197.55.84/24");
        assertThat(instance.path("adverts_received").longValue()).isEqualTo(42);
    }

    @Test
    void theDhcpServerIsAnObjectWithItsPoolAndEveryLease() throws Exception {
        String json = new AdminJson().write(StatsEndpoints.jsonView(
                DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status()))));

        JsonNode dhcp = MAPPER.readTree(json).path("dhcp");
        assertThat(dhcp.isObject()).as(json).isTrue();
        assertThat(fieldNames(dhcp)).containsExactly("interface", "server_address", "pool_size", "pool_free",
                "lease_count", "leases");
        assertThat(dhcp.path("interface").textValue()).isEqualTo("lan0");
        assertThat(dhcp.path("server_address").textValue()).isEqualTo("198.18.7.1");
        assertThat(dhcp.path("pool_size").longValue()).isEqualTo(101);
        assertThat(dhcp.path("pool_free").longValue()).isEqualTo(96);
        assertThat(dhcp.path("lease_count").intValue()).isEqualTo(5);
        JsonNode leases = dhcp.path("leases");
        assertThat(leases.size()).isEqualTo(5);
        JsonNode laptop = leases.get(0);
        assertThat(fieldNames(laptop)).containsExactly("address", "mac", "host_name", "client_id", "expires");
        assertThat(laptop.path("address").textValue()).isEqualTo("198.18.7.50");
        assertThat(laptop.path("mac").textValue()).isEqualTo("52:54:00:12:34:56");
        assertThat(laptop.path("host_name").textValue()).isEqualTo("laptop");
        assertThat(laptop.path("client_id").isNull()).isTrue();
        assertThat(laptop.path("expires").textValue()).isEqualTo("2025-03-01T15:12:00Z");
        assertThat(leases.get(1).path("host_name").isNull()).isTrue();
        assertThat(leases.get(1).path("client_id").textValue()).isEqualTo("01:52:54:00:00:00:02");
        assertThat(leases.get(2).path("mac").isNull()).as("a client with no hardware address").isTrue();
        assertThat(leases.get(2).path("client_id").textValue()).isEqualTo("ff:00:01");
    }

    @Test
    void withoutADhcpServerDhcpIsNullAsVrrpIs() throws Exception {
        JsonNode view = MAPPER.readTree(new AdminJson().write(StatsEndpoints.jsonView(
                DhcpStatsFixture.model(Optional.empty()))));

        assertThat(view.has("dhcp")).isTrue();
        assertThat(view.path("dhcp").isNull()).isTrue();
        assertThat(view.has("vrrp")).isTrue();
        assertThat(view.path("vrrp").isNull()).isTrue();
    }

    @Test
    void theFirewallIsAnObjectWithItsRulesetTheLastCheckAndTheDeniedCounts() throws Exception {
        String json = new AdminJson().write(StatsEndpoints.jsonView(
                FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.status()))));

        JsonNode firewall = MAPPER.readTree(json).path("firewall");
        assertThat(firewall.isObject()).as(json).isTrue();
        assertThat(fieldNames(firewall)).containsExactly("digest", "rules", "applied_at", "checked_at", "in_sync",
                "drift", "denied", "warnings", "on_stop");
        assertThat(firewall.path("digest").textValue()).isEqualTo(FirewallStatsFixture.DIGEST);
        assertThat(firewall.path("rules").intValue()).isEqualTo(19);
        assertThat(firewall.path("applied_at").textValue()).isEqualTo("2025-03-01T08:48:00Z");
        assertThat(firewall.path("checked_at").textValue()).isEqualTo("2025-03-01T11:59:48Z");
        assertThat(firewall.path("in_sync").isBoolean()).isTrue();
        assertThat(firewall.path("in_sync").booleanValue()).isTrue();
        assertThat(firewall.path("drift").isArray()).isTrue();
        assertThat(firewall.path("drift").size()).isZero();
        JsonNode denied = firewall.path("denied");
        assertThat(fieldNames(denied)).as("by chain name").containsExactly("forward", "input", "output");
        assertThat(denied.path("input").longValue()).isEqualTo(1234);
        assertThat(denied.path("output").longValue()).isEqualTo(7);
        assertThat(denied.path("forward").longValue()).isZero();
        assertThat(firewall.path("warnings").get(0).textValue()).isEqualTo(FirewallStatsFixture.WARNING);
        assertThat(firewall.path("on_stop").textValue()).isEqualTo("keep");
    }

    @Test
    void aFirewallOutOfSyncListsTheDriftAndOneNotCheckedHasNoCheckTime() throws Exception {
        JsonNode drifted = MAPPER.readTree(new AdminJson().write(StatsEndpoints.jsonView(
                FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.drifted()))))).path("firewall");

        assertThat(drifted.path("in_sync").booleanValue()).isFalse();
        assertThat(drifted.path("drift").get(0).textValue()).isEqualTo(FirewallStatsFixture.MISSING);
        assertThat(drifted.path("drift").size()).isEqualTo(2);
        assertThat(drifted.path("denied").isObject()).isTrue();
        assertThat(drifted.path("denied").size()).isZero();

        JsonNode notChecked = MAPPER.readTree(new AdminJson().write(StatsEndpoints.jsonView(
                FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.notChecked()))))).path("firewall");

        assertThat(notChecked.has("checked_at")).isTrue();
        assertThat(notChecked.path("checked_at").isNull()).isTrue();
        assertThat(notChecked.path("on_stop").textValue()).isEqualTo("remove");
    }

    @Test
    void withoutAFirewallFirewallIsNull() throws Exception {
        JsonNode view = MAPPER.readTree(new AdminJson().write(StatsEndpoints.jsonView(
                FirewallStatsFixture.model(Optional.empty()))));

        assertThat(view.has("firewall")).isTrue();
        assertThat(view.path("firewall").isNull()).isTrue();
    }

    @Test
    void aRunningFirewallShowsInStatsJsonOnThePageAndInTheMetrics() throws Exception {
        InMemoryNft nft = new InMemoryNft();
        try (TestNode node = TestNode.start(dir, """
                node: { name: fw-node }
                admin: { listen: 127.0.0.1:0 }
                firewall:
                  input:
                    allow: [{ port: 22/tcp }]
                  check_interval: 1h
                """, nft.access())) {
            String digest = node.process().gateway().endpoints().get("firewall").getFirst()
                    .replaceAll(".*ruleset ([0-9a-f]{16}).*", "$1");
            assertThat(nft.table()).as("applied at start").isPresent();
            assertThat(nft.table().get()).contains("comment \"edgeplane ruleset " + digest + "\"");

            JsonNode firewall = MAPPER.readTree(node.get("/stats.json").body()).path("firewall");

            assertThat(firewall.path("digest").textValue()).isEqualTo(digest);
            assertThat(firewall.path("rules").intValue()).isPositive();
            assertThat(firewall.path("in_sync").booleanValue()).isTrue();
            assertThat(firewall.path("on_stop").textValue()).isEqualTo("keep");
            assertThat(firewall.path("warnings").isArray()).isTrue();

            String page = node.get("/stats").body();
            assertThat(page).contains("<section id=\"firewall\">")
                    .contains("<p class=\"firewall-ruleset\" data-digest=\"" + digest + "\">")
                    .contains("<p class=\"firewall-kernel\" data-in-sync=\"true\">");
            assertThat(node.get("/metrics").body()).contains("edgeplane_firewall_in_sync 1.0")
                    .contains("edgeplane_firewall_applies_total{outcome=\"applied\"} 1.0");
            assertThat(node.get("/healthz").statusCode()).isEqualTo(200);
        }
        assertThat(nft.table()).as("on_stop: keep").isPresent();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void withoutAnNtpServiceNtpIsNull() throws Exception {
        StatsPageModel base = NtpStatsFixture.model(NtpStatsFixture.stats());
        StatsPageModel model = new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), base.dns(), Optional.empty(), false, base.refresh());

        JsonNode view = MAPPER.readTree(new AdminJson().write(StatsEndpoints.jsonView(model)));

        assertThat(view.has("ntp")).isTrue();
        assertThat(view.path("ntp").isNull()).isTrue();
        assertThat(view.path("dns").isNull()).isTrue();
    }

    @Test
    void aRunningNtpServerShowsInStatsJsonAndOnThePage() throws Exception {
        try (TestNode node = TestNode.start(dir, """
                node: { name: ntp-node }
                admin: { listen: 127.0.0.1:0 }
                ntp: { listen: [127.0.0.1:0], allow: [127.0.0.1], local_stratum: 10 }
                """)) {
            String endpoint = node.process().gateway().endpoints().get("ntp").getFirst();
            String address = endpoint.substring("ntp://".length(), endpoint.indexOf(' '));
            assertThat(askTime(address)).as("the stratum served").isEqualTo(10);

            HttpResponse<String> response = node.get("/stats.json");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode ntp = MAPPER.readTree(response.body()).path("ntp");
            assertThat(ntp.path("tracking").path("synchronised").isBoolean()).as(response.body()).isTrue();
            assertThat(ntp.path("tracking").path("synchronised").booleanValue()).isFalse();
            assertThat(ntp.path("tracking").path("stratum").intValue()).isEqualTo(16);
            assertThat(ntp.path("addresses").get(0).textValue()).isEqualTo(address);
            assertThat(ntp.path("served_stratum").intValue()).isEqualTo(10);
            assertThat(ntp.path("replies").path("time").longValue()).isEqualTo(1);
            assertThat(ntp.path("sources").isArray()).isTrue();
            assertThat(ntp.path("sources").size()).isZero();

            String page = node.get("/stats").body();
            assertThat(page).contains("<section id=\"ntp\">").contains("<p class=\"ntp-server\" data-served-stratum=\"10\">")
                    .contains(address).contains("<span data-reply=\"time\">time 1</span>");
        }
    }

    /** Sends one NTPv4 client request to {@code address} ({@code 127.0.0.1:PORT}) and gives the reply's stratum. */
    private static int askTime(String address) throws Exception {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        byte[] request = ByteBuffer.allocate(48).put(0, (byte) 0x23).put(2, (byte) 6).put(3, (byte) -20)
                .putLong(40, 0x1234_5678_9abc_def0L).array();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            assertThat(reply.getLength()).isEqualTo(48);
            return reply.getData()[1] & 0xff;
        }
    }
}
