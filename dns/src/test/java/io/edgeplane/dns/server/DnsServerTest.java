package io.edgeplane.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DNS server over real UDP and TCP sockets on loopback: answers, flags, EDNS, truncation, bad input, reload. */
class DnsServerTest {

    private static final String CONFIG = """
            dns:
              listen: [127.0.0.1:0]
              domain: localdomain
              allow: [%s]
              addresses:
                app1.local: [127.0.0.1]
                ads.example: []
              hosts:
                edge.localdomain: [127.0.0.1]
                big.localdomain: [%s]
              records:
                - { name: info.localdomain, txt: ["hello world"] }
                - { name: _http._tcp.localdomain, srv: [{ target: edge.localdomain, port: 8080, priority: 10, weight: 5 }] }
                - { name: www.localdomain, cname: edge.localdomain }
            """;

    private final EventLoops loops = EventLoops.create(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DnsService service;
    private InetSocketAddress server;

    private static String bigHost() {
        StringBuilder addresses = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            addresses.append(i == 1 ? "" : ", ").append("10.0.1.").append(i);
        }
        return addresses.toString();
    }

    private EdgeplaneConfig config(String allow) throws Exception {
        return new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", CONFIG.formatted(allow, bigHost()));
    }

    @BeforeEach
    void start() throws Exception {
        service = new DnsService(loops, meters);
        service.prepare(config("127.0.0.0/8")).commit();
        String endpoint = service.endpoints().getFirst();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        service.stop(Duration.ofSeconds(1)).join();
        loops.shutdown(Duration.ofSeconds(2));
    }

    private DatagramDnsResponse ask(String name, DnsRecordType type) throws Exception {
        byte[] answer = DnsTestClient.udp(server, DnsTestClient.query(0x1234, name, type, 0, 0), 2000);
        assertThat(answer).as("an answer to %s %s", name, type).isNotNull();
        return DnsTestClient.decode(answer);
    }

    @Test
    void addressRulesAnswerTheDomainAndEverythingUnderItInTheQuestionsCase() throws Exception {
        DatagramDnsResponse response = ask("ApP1.LoCaL", DnsRecordType.A);
        try {
            assertThat(response.id()).isEqualTo(0x1234);
            assertThat(response.code()).isEqualTo(DnsResponseCode.NOERROR);
            assertThat(response.isAuthoritativeAnswer()).isTrue();
            assertThat(response.isRecursionDesired()).isTrue();
            assertThat(response.isRecursionAvailable()).isFalse();
            assertThat(response.<DnsRecord>recordAt(DnsSection.QUESTION).name()).isEqualTo("ApP1.LoCaL.");
            List<DnsRecord> answers = DnsTestClient.answers(response);
            assertThat(answers).hasSize(1);
            assertThat(answers.getFirst().name()).isEqualTo("ApP1.LoCaL.");
            assertThat(answers.getFirst().timeToLive()).isZero();
            assertThat(DnsTestClient.rdata(answers.getFirst())).containsExactly(127, 0, 0, 1);
        } finally {
            response.release();
        }
        DatagramDnsResponse deep = ask("a.b.app1.local", DnsRecordType.A);
        assertThat(DnsTestClient.answers(deep)).hasSize(1);
        deep.release();
        DatagramDnsResponse aaaa = ask("app1.local", DnsRecordType.AAAA);
        assertThat(aaaa.code()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(DnsTestClient.answers(aaaa)).isEmpty();
        aaaa.release();
        DatagramDnsResponse blocked = ask("x.ads.example", DnsRecordType.A);
        assertThat(blocked.code()).isEqualTo(DnsResponseCode.NXDOMAIN);
        blocked.release();
    }

    @Test
    void localRecordsPtrAndTheOwnDomain() throws Exception {
        DatagramDnsResponse ptr = ask("1.0.0.127.in-addr.arpa", DnsRecordType.PTR);
        assertThat(DnsTestClient.answers(ptr)).singleElement().satisfies(record ->
                assertThat(record.type()).isEqualTo(DnsRecordType.PTR));
        ptr.release();
        DatagramDnsResponse srv = ask("_http._tcp.localdomain", DnsRecordType.SRV);
        byte[] rdata = DnsTestClient.rdata(DnsTestClient.answers(srv).getFirst());
        assertThat(rdata).startsWith(0, 10, 0, 5, 0x1F, (byte) 0x90, 4, 'e', 'd', 'g', 'e');
        srv.release();
        DatagramDnsResponse txt = ask("info.localdomain", DnsRecordType.TXT);
        assertThat(DnsTestClient.rdata(DnsTestClient.answers(txt).getFirst())).startsWith(11, 'h', 'e', 'l', 'l', 'o');
        txt.release();
        DatagramDnsResponse cname = ask("www.localdomain", DnsRecordType.A);
        assertThat(DnsTestClient.answers(cname)).extracting(DnsRecord::type)
                .containsExactly(DnsRecordType.CNAME, DnsRecordType.A);
        cname.release();
        DatagramDnsResponse missing = ask("nothing.localdomain", DnsRecordType.A);
        assertThat(missing.code()).isEqualTo(DnsResponseCode.NXDOMAIN);
        assertThat(missing.isAuthoritativeAnswer()).isTrue();
        missing.release();
        DatagramDnsResponse elsewhere = ask("example.com", DnsRecordType.A);
        // No forwarding configured: dnsmasq without servers refuses, and so does this.
        assertThat(elsewhere.code()).isEqualTo(DnsResponseCode.REFUSED);
        elsewhere.release();
    }

    @Test
    void ednsIsEchoedAndAnAnswerTooBigForUdpIsTruncatedAndWholeOverTcp() throws Exception {
        byte[] plain = DnsTestClient.udp(server, DnsTestClient.query(7, "big.localdomain", DnsRecordType.A, 0, 0), 2000);
        DatagramDnsResponse truncated = DnsTestClient.decode(plain);
        assertThat(plain.length).isLessThanOrEqualTo(512);
        assertThat(truncated.isTruncated()).isTrue();
        assertThat(DnsTestClient.answers(truncated)).isEmpty();
        truncated.release();

        byte[] withEdns = DnsTestClient.udp(server, DnsTestClient.query(8, "big.localdomain", DnsRecordType.A, 4096, 0), 2000);
        DatagramDnsResponse whole = DnsTestClient.decode(withEdns);
        assertThat(whole.isTruncated()).isFalse();
        assertThat(DnsTestClient.answers(whole)).hasSize(60);
        DnsRecord opt = whole.recordAt(DnsSection.ADDITIONAL, 0);
        assertThat(opt.type()).isEqualTo(DnsRecordType.OPT);
        assertThat(opt.dnsClass()).as("our payload size").isEqualTo(1232);
        whole.release();

        DatagramDnsResponse overTcp = DnsTestClient.decode(
                DnsTestClient.tcp(server, DnsTestClient.query(9, "big.localdomain", DnsRecordType.A, 0, 0)));
        assertThat(overTcp.isTruncated()).isFalse();
        assertThat(DnsTestClient.answers(overTcp)).hasSize(60);
        overTcp.release();

        DatagramDnsResponse badVersion = DnsTestClient.decode(
                DnsTestClient.udp(server, DnsTestClient.query(10, "app1.local", DnsRecordType.A, 1232, 1), 2000));
        // BADVERS (16): header RCODE 0, extended RCODE 1 in the OPT record.
        DnsRecord badOpt = badVersion.recordAt(DnsSection.ADDITIONAL, 0);
        assertThat((badOpt.timeToLive() >> 24) & 0xFF).isEqualTo(1);
        assertThat(DnsTestClient.answers(badVersion)).isEmpty();
        badVersion.release();
    }

    @Test
    void badPacketsGetFormerrOrNothingAndTheServerGoesOn() throws Exception {
        byte[] garbage = new byte[40];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0x42;
        garbage[1] = 0x42;
        garbage[2] = 0x01;
        garbage[4] = 0x00;
        garbage[5] = 0x05;
        byte[] formerr = DnsTestClient.udp(server, garbage, 2000);
        assertThat(formerr).isNotNull();
        assertThat(formerr[0]).isEqualTo((byte) 0x42);
        assertThat(formerr[1]).isEqualTo((byte) 0x42);
        assertThat(formerr[3] & 0x0F).as("FORMERR").isEqualTo(1);
        assertThat(formerr[2] & 0x80).as("QR").isNotZero();

        assertThat(DnsTestClient.udp(server, new byte[] {1, 2, 3}, 300)).as("no header: no answer").isNull();
        byte[] response = DnsTestClient.query(5, "app1.local", DnsRecordType.A, 0, 0);
        response[2] |= (byte) 0x80;
        assertThat(DnsTestClient.udp(server, response, 300)).as("a response is not answered").isNull();
        assertThat(meters.get("edgeplane.dns.dropped").tags("reason", "malformed", "transport", "udp").counter().count())
                .isEqualTo(2.0);
        assertThat(meters.get("edgeplane.dns.dropped").tags("reason", "not_a_query").counter().count()).isEqualTo(1.0);

        byte[] notify = DnsTestClient.query(6, "app1.local", DnsRecordType.SOA, 0, 0);
        notify[2] |= (byte) (DnsOpCode.NOTIFY.byteValue() << 3);
        DatagramDnsResponse notImplemented = DnsTestClient.decode(DnsTestClient.udp(server, notify, 2000));
        assertThat(notImplemented.code()).isEqualTo(DnsResponseCode.NOTIMP);
        notImplemented.release();

        DatagramDnsResponse still = ask("app1.local", DnsRecordType.A);
        assertThat(DnsTestClient.answers(still)).hasSize(1);
        still.release();
        assertThat(meters.get("edgeplane.dns.queries").tags("type", "A", "rcode", "noerror").counter().count()).isEqualTo(1.0);
    }

    @Test
    void clientsOutsideTheAllowListAreRefusedAndAReloadKeepsTheSocket() throws Exception {
        service.prepare(config("10.0.0.0/8")).commit();
        assertThat(service.endpoints().getFirst()).contains(":" + server.getPort());
        DatagramDnsResponse refused = ask("app1.local", DnsRecordType.A);
        assertThat(refused.code()).isEqualTo(DnsResponseCode.REFUSED);
        assertThat(DnsTestClient.answers(refused)).isEmpty();
        refused.release();
        assertThat(meters.get("edgeplane.dns.clients.refused").counter().count()).isEqualTo(1.0);
        service.prepare(config("127.0.0.1")).commit();
        DatagramDnsResponse allowed = ask("app1.local", DnsRecordType.A);
        assertThat(allowed.code()).isEqualTo(DnsResponseCode.NOERROR);
        allowed.release();
    }

    @Test
    void aHostsFileThatCannotBeReadRejectsTheReloadAndTheServerAnswersOn() throws Exception {
        EdgeplaneConfig broken = new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                dns:
                  listen: [127.0.0.1:0]
                  hosts_files: [/nonexistent/edgeplane-test-hosts]
                """);
        assertThatThrownBy(() -> service.prepare(broken)).isInstanceOf(ServiceException.class)
                .hasMessageContaining("/nonexistent/edgeplane-test-hosts");
        DatagramDnsResponse still = ask("app1.local", DnsRecordType.A);
        assertThat(DnsTestClient.answers(still)).hasSize(1);
        still.release();
    }

    @Test
    void hostsFilesAreReadAtEveryReload(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# a comment\n10.1.1.1  nas nas.lan\nnot-an-address x\n");
        String yaml = """
                dns:
                  listen: [127.0.0.1:0]
                  allow: [127.0.0.0/8]
                  hosts_files: [%s]
                """.formatted(hosts);
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", yaml)).commit();
        DatagramDnsResponse nas = ask("nas.lan", DnsRecordType.A);
        assertThat(DnsTestClient.rdata(DnsTestClient.answers(nas).getFirst())).containsExactly(10, 1, 1, 1);
        nas.release();
        Files.writeString(hosts, "10.1.1.2 nas.lan\n");
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", yaml)).commit();
        DatagramDnsResponse moved = ask("nas.lan", DnsRecordType.A);
        assertThat(DnsTestClient.rdata(DnsTestClient.answers(moved).getFirst())).containsExactly(10, 1, 1, 2);
        moved.release();
    }
}
