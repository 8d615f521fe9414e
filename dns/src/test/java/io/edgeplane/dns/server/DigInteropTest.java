package io.edgeplane.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dig} (BIND) and {@code kdig} (Knot) against the server: every record kind, NXDOMAIN, TCP, EDNS, truncation. */
class DigInteropTest {

    private final EventLoops loops = EventLoops.create(1);
    private DnsService service;
    private int port;

    @BeforeEach
    void start() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            many.append(i == 1 ? "" : ", ").append("10.9.0.").append(i);
        }
        service = new DnsService(loops, new SimpleMeterRegistry());
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                dns:
                  listen: [127.0.0.1:0]
                  domain: localdomain
                  expand_hosts: true
                  addresses:
                    app1.local: [127.0.0.1]
                    v6.local: ["::1"]
                    ads.example: []
                  hosts:
                    printer: [192.168.77.10]
                    many.localdomain: [%s]
                  records:
                    - { name: _http._tcp.localdomain, srv: [{ target: printer.localdomain, port: 631, priority: 1, weight: 2 }] }
                    - { name: info.localdomain, txt: ["hello world", "second"] }
                    - { name: localdomain, mx: [{ exchange: printer.localdomain, preference: 5 }] }
                    - { name: www.localdomain, cname: printer.localdomain }
                """.formatted(many))).commit();
        String endpoint = service.endpoints().getFirst();
        port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
    }

    @AfterEach
    void stop() {
        service.stop(Duration.ofSeconds(1)).join();
        loops.shutdown(Duration.ofSeconds(2));
    }

    private String dig(String... args) throws Exception {
        return Programs.dig(port, args);
    }

    private String kdig(String... args) throws Exception {
        return Programs.kdig(port, args);
    }

    @Test
    void everyKindOfLocalDataAsDigSeesIt() throws Exception {
        assertThat(dig("+short", "app1.local", "A")).isEqualTo("127.0.0.1\n");
        assertThat(dig("+short", "deep.under.app1.local", "A")).isEqualTo("127.0.0.1\n");
        assertThat(dig("+short", "v6.local", "AAAA")).isEqualTo("::1\n");
        assertThat(dig("app1.local", "AAAA")).contains("status: NOERROR").contains("ANSWER: 0").contains("flags: qr aa rd");
        assertThat(dig("+short", "printer.localdomain", "A")).as("expand_hosts").isEqualTo("192.168.77.10\n");
        assertThat(dig("+short", "printer", "A")).isEqualTo("192.168.77.10\n");
        assertThat(dig("+short", "-x", "192.168.77.10")).isEqualTo("printer.localdomain.\n");
        assertThat(dig("+short", "_http._tcp.localdomain", "SRV")).isEqualTo("1 2 631 printer.localdomain.\n");
        assertThat(dig("+short", "info.localdomain", "TXT")).isEqualTo("\"hello world\" \"second\"\n");
        assertThat(dig("+short", "localdomain", "MX")).isEqualTo("5 printer.localdomain.\n");
        assertThat(dig("+short", "www.localdomain", "A")).isEqualTo("printer.localdomain.\n192.168.77.10\n");
        assertThat(dig("nothing.localdomain", "A")).contains("status: NXDOMAIN");
        assertThat(dig("x.ads.example", "A")).contains("status: NXDOMAIN");
        assertThat(dig("example.com", "A")).contains("status: REFUSED");
    }

    @Test
    void tcpEdnsSizesAndTruncation() throws Exception {
        assertThat(dig("+tcp", "+short", "app1.local")).isEqualTo("127.0.0.1\n");
        String edns = dig("+bufsize=4096", "app1.local");
        assertThat(edns).contains("EDNS: version: 0").contains("udp: 1232");
        assertThat(dig("+noedns", "app1.local")).doesNotContain("OPT PSEUDOSECTION");
        // 40 A records do not fit 512 bytes: without EDNS the answer is truncated, dig retries over TCP.
        String truncated = dig("+noedns", "+ignore", "many.localdomain");
        assertThat(truncated).contains("flags: qr aa tc rd").contains("ANSWER: 0");
        String retried = dig("+noedns", "many.localdomain");
        assertThat(retried).contains("ANSWER: 40").contains("Truncated, retrying in TCP mode");
        assertThat(dig("+bufsize=1232", "many.localdomain")).contains("ANSWER: 40").doesNotContain("Truncated");
        // EDNS version 1 gets BADVERS; dig then asks again with version 0, as RFC 6891 §6.1.3 expects.
        assertThat(dig("+edns=1", "app1.local")).contains("BADVERS, retrying with EDNS version 0")
                .contains("status: NOERROR").contains("ANSWER: 1");
    }

    @Test
    void kdigAgrees() throws Exception {
        assertThat(kdig("+short", "app1.local", "A")).isEqualTo("127.0.0.1\n");
        assertThat(kdig("+tcp", "+short", "_http._tcp.localdomain", "SRV")).isEqualTo("1 2 631 printer.localdomain.\n");
        assertThat(kdig("+short", "-x", "192.168.77.10")).isEqualTo("printer.localdomain.\n");
        assertThat(kdig("nothing.localdomain")).contains("status: NXDOMAIN");
        assertThat(kdig("+bufsize=1232", "many.localdomain")).contains("ANSWER: 40");
    }
}
