package io.edgeplane.config.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.NameServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code dns:} section: the seed's dnsmasq config in it, defaults, and every bad value with its place. */
class DnsConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private DnsConfig dns(String yaml) throws Exception {
        return loader.parse("f.yaml", yaml).dns().orElseThrow();
    }

    @Test
    void theSeedsDnsmasqConfig() throws Exception {
        DnsConfig dns = dns("""
                dns:
                  listen: [127.0.0.1:5353, "[::1]:5353"]
                  domain: localdomain
                  expand_hosts: true
                  allow: [127.0.0.0/8, 192.168.77.0/24]
                  addresses:
                    app1.local: [127.0.0.1]
                    ads.example: []
                  hosts:
                    printer.localdomain: [192.168.77.10]
                  hosts_files: [/etc/hosts]
                  records:
                    - { name: db.localdomain, a: [10.1.2.3], aaaa: ["2001:db8::3"] }
                    - { name: www.localdomain, cname: db.localdomain, ttl: 60s }
                    - { name: _http._tcp.localdomain, srv: [{ target: www.localdomain, port: 80 }] }
                    - { name: info.localdomain, txt: ["hello world"] }
                    - { name: localdomain, mx: [{ exchange: mail.localdomain }] }
                  local_domains: [lan]
                """);
        assertThat(dns.listen()).containsExactly(new HostPort("127.0.0.1", 5353), new HostPort("::1", 5353));
        assertThat(dns.addresses()).containsEntry("app1.local", List.of(InetAddress.getByName("127.0.0.1")))
                .containsEntry("ads.example", List.of());
        assertThat(dns.records()).hasSize(5);
        assertThat(dns.records().get(2).srv().getFirst().priority()).isZero();
        assertThat(dns.records().get(4).mx().getFirst().preference()).isEqualTo(10);
        assertThat(dns.records().get(1).ttl()).contains(Duration.ofSeconds(60));
        assertThat(dns.ownDomains()).containsExactly("localdomain", "lan");
        assertThat(dns.localTtl()).isZero();
        assertThat(dns.udpPayload()).isEqualTo(1232);
    }

    @Test
    void badValuesAreErrorsWithTheirPlace() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> dns("""
                dns:
                  listen: [dns.example:53]
                  expand_hosts: true
                  addresses: { "bad name!": [127.0.0.1] }
                  hosts: { ok.lan: [] }
                  udp_payload: 100
                  records:
                    - { name: x.lan, a: ["2001:db8::1"] }
                    - { name: y.lan, cname: x.lan, txt: [hi] }
                    - { name: z.lan }
                    - { name: w.lan, cname: x.lan }
                    - { name: w.lan, a: [10.0.0.1] }
                """));
        assertThat(e).isNotNull();
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("f.yaml:2:").contains("dns.listen[0]").contains("not the name"))
                .anySatisfy(p -> assertThat(p).contains("dns.expand_hosts").contains("domain"))
                .anySatisfy(p -> assertThat(p).contains("dns.addresses").contains("bad name!"))
                .anySatisfy(p -> assertThat(p).contains("dns.hosts.ok.lan").contains("at least one address"))
                .anySatisfy(p -> assertThat(p).contains("dns.udp_payload"))
                .anySatisfy(p -> assertThat(p).contains("dns.records[0].a[0]").contains("not an IPv4 address"))
                .anySatisfy(p -> assertThat(p).contains("dns.records[1]").contains("cname and txt"))
                .anySatisfy(p -> assertThat(p).contains("dns.records[2]").contains("needs data"))
                .anySatisfy(p -> assertThat(p).contains("dns.records[4].name").contains("CNAME record and other data"));
    }

    @Test
    void forwardingCacheAndRateLimitSections() throws Exception {
        DnsConfig dns = dns("""
                dns:
                  listen: [127.0.0.1:53]
                  domain_needed: false
                  forward:
                    servers: [9.9.9.9, "149.112.112.112:5353", "2620:fe::fe", "[2620:fe::9]:53"]
                    domains:
                      corp.example: [10.1.2.3]
                    strategy: strict_order
                    timeout: 500ms
                    randomize_case: false
                  cache: { size: 500, min_ttl: 30s }
                  rate_limit: { responses_per_second: 50, exempt: [192.168.77.0/24] }
                """);
        DnsForwardConfig forward = dns.forwarding();
        assertThat(forward.servers()).extracting(NameServer::toString)
                .containsExactly("9.9.9.9", "149.112.112.112:5353", "2620:fe::fe", "2620:fe::9");
        assertThat(forward.servers().get(1).toSocketAddress().getPort()).isEqualTo(5353);
        assertThat(forward.domains().get("corp.example")).extracting(NameServer::port).containsExactly(53);
        assertThat(forward.strategy()).isEqualTo(DnsForwardConfig.Strategy.STRICT_ORDER);
        assertThat(forward.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(forward.attempts()).isEqualTo(2);
        assertThat(forward.maxInFlight()).isEqualTo(150);
        assertThat(forward.randomizeCase()).isFalse();
        assertThat(forward.configured()).isTrue();
        assertThat(dns.caching().size()).isEqualTo(500);
        assertThat(dns.caching().minTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(dns.caching().maxTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(dns.rateLimiting().responsesPerSecond()).isEqualTo(50);
        assertThat(dns.rateLimiting().slip()).isEqualTo(2);
        assertThat(dns.domainNeeded()).isFalse();
        assertThat(dns.bogusPriv()).isTrue();
    }

    @Test
    void leftOutSectionsHaveSafeDefaults() throws Exception {
        DnsConfig dns = dns("""
                dns:
                  listen: [127.0.0.1:53]
                """);
        assertThat(dns.forwarding().configured()).isFalse();
        assertThat(dns.forwarding().randomizeCase()).isTrue();
        assertThat(dns.caching()).isEqualTo(DnsCacheConfig.defaults());
        assertThat(dns.rateLimiting()).isEqualTo(DnsRateLimitConfig.defaults());
        assertThat(dns.domainNeeded()).isTrue();
        assertThat(dns.bogusPriv()).isTrue();
    }

    @Test
    void badForwardingValuesAreErrorsWithTheirPlace() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> dns("""
                dns:
                  listen: [127.0.0.1:53]
                  forward:
                    servers: [9.9.9.9]
                    domains: { "bad name!": [10.0.0.1], corp.example: [] }
                    attempts: 0
                    timeout: 5ms
                  cache: { size: -1, min_ttl: 2h, max_ttl: 1h }
                  rate_limit: { slip: 11, ipv4_prefix: 33 }
                """));
        assertThat(e).isNotNull();
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("f.yaml:5:").contains("dns.forward.domains").contains("bad name!"))
                .anySatisfy(p -> assertThat(p).contains("dns.forward.domains.corp.example").contains("at least one server"))
                .anySatisfy(p -> assertThat(p).contains("dns.forward.attempts"))
                .anySatisfy(p -> assertThat(p).contains("dns.forward.timeout"))
                .anySatisfy(p -> assertThat(p).contains("dns.cache.size"))
                .anySatisfy(p -> assertThat(p).contains("dns.cache.min_ttl"))
                .anySatisfy(p -> assertThat(p).contains("dns.rate_limit.slip"))
                .anySatisfy(p -> assertThat(p).contains("dns.rate_limit.ipv4_prefix"));
    }

    @Test
    void aServerListedTwiceIsAnError() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> dns("""
                dns:
                  listen: [127.0.0.1:53]
                  forward: { servers: [9.9.9.9, "9.9.9.9:53"] }
                """));
        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).contains("dns.forward.servers[1]").contains("listed twice"));
        InvalidConfigException named = catchThrowableOfType(InvalidConfigException.class, () -> dns("""
                dns:
                  listen: [127.0.0.1:53]
                  forward: { servers: [dns.google], strategy: random }
                """));
        assertThat(named.problems()).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).contains("dns.forward.strategy").contains("fastest, strict_order"))
                .anySatisfy(p -> assertThat(p).startsWith("f.yaml:3:24").contains("dns.forward.servers[0]")
                        .contains("not a DNS server address"));
    }

    @Test
    void namesAreValidatedAsDnsNames() {
        assertThat(DnsNames.valid("app1.local")).isTrue();
        assertThat(DnsNames.valid("_http._tcp.local.")).isTrue();
        assertThat(DnsNames.valid("a..b")).isFalse();
        assertThat(DnsNames.valid("x".repeat(64) + ".local")).isFalse();
        assertThat(DnsNames.valid("")).isFalse();
        assertThat(DnsNames.canonical("App1.LOCAL.")).isEqualTo("app1.local");
    }
}
