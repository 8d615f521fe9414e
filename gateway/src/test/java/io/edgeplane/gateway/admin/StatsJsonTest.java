package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.gateway.TestNode;
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

/** {@code /stats.json}: the services' stats records as JSON, NTP's among them. */
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
