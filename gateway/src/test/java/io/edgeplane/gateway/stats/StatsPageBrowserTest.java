package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.gateway.TestDhcpPlatform;
import io.edgeplane.gateway.TestNode;
import io.edgeplane.gateway.TestUpstreams;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats page in a real browser: a running edgeplane with two pools, one server DOWN, DNS, NTP and a DHCP
 * server (on an in-memory platform) holding one lease, loaded by headless Chromium. The DOM it builds shows the states and counts; the screenshot is kept as
 * {@code gateway/target/stats-page.png} for a person to look at.
 */
class StatsPageBrowserTest {

    @TempDir
    Path dir;

    @Test
    void theBrowserShowsBothPoolsWithTheDownServerAndTheCounts() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(dir);
        TestDhcpPlatform dhcp = new TestDhcpPlatform();
        try (TestUpstreams web1 = new TestUpstreams("web1");
             TestUpstreams web2 = new TestUpstreams("web2");
             TestUpstreams api1 = new TestUpstreams("api1");
             HttpClient client = HttpClient.newHttpClient()) {
            // 127.0.0.1:1 refuses connections: its checks fail, and it goes DOWN after one.
            try (TestNode node = TestNode.start(dir, """
                    node: { name: edge-test }
                    admin: { listen: 127.0.0.1:0 }
                    proxy:
                      listeners:
                        - name: public
                          listen: [127.0.0.1:0]
                          routes:
                            - { name: api, match: { path_prefix: /api/ }, upstream: api }
                            - { name: site, upstream: web }
                      upstreams:
                        web:
                          servers: [{ address: %s }, { address: %s, weight: 2 }]
                          health: { interval: 200ms, timeout: 100ms, fall: 1, rise: 1 }
                        api:
                          servers: [{ address: %s }, { address: 127.0.0.1:1 }]
                          retries: 1
                          health: { interval: 200ms, timeout: 100ms, fall: 1, rise: 1 }
                    dns:
                      listen: [127.0.0.1:0]
                      addresses: { app1.local: [127.0.0.1] }
                    ntp: { listen: [127.0.0.1:0], allow: [127.0.0.1], local_stratum: 10 }
                    dhcp:
                      interface: lan0
                      ranges: [{ from: 198.18.7.50, to: 198.18.7.150 }]
                      lease_file: %s
                      probe: false
                    """.formatted(web1.address(), web2.address(), api1.address(), dir.resolve("dhcp.leases")), dhcp)) {
                String proxy = node.process().gateway().endpoints().get("proxy").getFirst().split(" ")[0];
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!node.get("/api/proxy/pools/api/servers/127.0.0.1:1").body().contains("\"state\" : \"DOWN\"")) {
                    assertThat(System.nanoTime()).as("the dead server goes DOWN").isLessThan(deadline);
                    Thread.sleep(50);
                }
                for (int i = 0; i < 30; i++) {
                    assertThat(client.send(HttpRequest.newBuilder(URI.create(proxy + "page")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                }
                for (int i = 0; i < 12; i++) {
                    assertThat(client.send(HttpRequest.newBuilder(URI.create(proxy + "api/v1")).build(),
                            HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("api1\n");
                }
                askDns(node.process().gateway().endpoints().get("dns").getFirst());
                Inet4Address leased = lease(dhcp);
                String url = node.adminUrl() + "stats";

                String dom = chromium.dom(url);
                assertThat(dom).contains("<table class=\"pool\" data-pool=\"web\" data-available=\"2\" data-servers=\"2\"")
                        .contains("<table class=\"pool\" data-pool=\"api\" data-available=\"1\" data-servers=\"2\"")
                        .contains("<table class=\"listener\" data-listener=\"public\"")
                        .contains("<span id=\"servers-up\">3</span>")
                        .contains("<span id=\"servers-total\">4</span>");
                assertThat(serverRow(dom, "api", "127.0.0.1:1")).contains("data-state=\"DOWN\"").contains("state-down")
                        .contains("connection refused");
                assertThat(serverRow(dom, "api", api1.address())).contains("data-state=\"UP\"");
                assertThat(serverRow(dom, "web", web1.address())).contains("data-state=\"UP\"").contains(">10<");
                assertThat(serverRow(dom, "web", web2.address())).contains(">20<");
                assertThat(dom).contains("data-service=\"proxy\" data-healthy=\"true\"")
                        .contains("data-service=\"admin\" data-healthy=\"true\"");
                assertThat(dom).contains("<section id=\"dns\">").contains("data-queries=\"1\"")
                        .contains("data-rcode=\"noerror\"").contains("data-type=\"A\"");
                assertThat(dom).contains("<section id=\"ntp\">").contains("data-served-stratum=\"10\"")
                        .contains("data-synchronised=\"false\"");
                assertThat(dom).contains("<section id=\"dhcp\">")
                        .contains("<tr class=\"dhcp-lease\" data-address=\"" + leased.getHostAddress() + "\">")
                        .contains("<td>52:54:00:00:00:42</td><td>kiosk</td>");
                // The operator may act: drain and maint buttons on an UP server.
                assertThat(serverRow(dom, "web", web1.address())).contains("action-drain").contains("action-maint");

                Path screenshot = Path.of("target", "stats-page.png");
                chromium.screenshot(url, screenshot, 1600, 1100);
                assertThat(Files.size(screenshot)).isGreaterThan(10_000);
            }
        }
    }

    /** One client through DISCOVER, OFFER, REQUEST and ACK; the address it was given. */
    private static Inet4Address lease(TestDhcpPlatform dhcp) throws InterruptedException {
        HardwareAddress mac = HardwareAddress.parse("52:54:00:00:00:42");
        DhcpMessage offer = dhcp.exchange(dhcpMessage(mac, DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                .string(DhcpOptions.HOST_NAME, "kiosk").build()));
        DhcpMessage ack = dhcp.exchange(dhcpMessage(mac, DhcpOptions.builder().messageType(DhcpMessageType.REQUEST)
                .address(DhcpOptions.SERVER_IDENTIFIER, TestDhcpPlatform.SERVER)
                .address(DhcpOptions.REQUESTED_ADDRESS, offer.yiaddr()).string(DhcpOptions.HOST_NAME, "kiosk").build()));
        assertThat(ack.messageType()).contains(DhcpMessageType.ACK);
        return ack.yiaddr();
    }

    private static DhcpMessage dhcpMessage(HardwareAddress mac, DhcpOptions options) {
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, 0x4242, 0, 0, DhcpMessage.ANY, DhcpMessage.ANY,
                DhcpMessage.ANY, DhcpMessage.ANY, mac, "", "", options);
    }

    /** Asks the DNS server at {@code endpoint} ({@code dns://127.0.0.1:PORT (...)}) for app1.local once. */
    private static void askDns(String endpoint) throws Exception {
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                4, 'a', 'p', 'p', '1', 5, 'l', 'o', 'c', 'a', 'l', 0, 0, 1, 0, 1};
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            socket.receive(answer);
            assertThat(answer.getData()[0]).isEqualTo((byte) 0x12);
        }
    }

    /** The {@code <tr>} of one server, start tag to end tag. */
    private static String serverRow(String dom, String pool, String server) {
        Matcher row = Pattern.compile("<tr class=\"server [^\"]*\" data-pool=\"" + Pattern.quote(pool) + "\" data-server=\""
                + Pattern.quote(server) + "\".*?</tr>", Pattern.DOTALL).matcher(dom);
        assertThat(row.find()).as("a row for server %s of pool %s in:%n%s", server, pool, dom).isTrue();
        return row.group();
    }
}
