package io.edgeplane.config.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeplane.config.ConfigDiff;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.config.dns.DnsNames;
import io.edgeplane.config.value.InterfaceNames;
import io.edgeplane.config.value.IpAddresses;
import io.edgeplane.config.value.MacAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code dhcp:} section: the seed's dnsmasq DHCP lines in it, every key, dnsmasq's defaults, and every bad
 * value with its place.
 */
class DhcpConfigTest {

    /** The smallest valid section; tests append keys to it from line 4 on. */
    private static final String BASE = """
            dhcp:
              interface: eth1
              ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }]
            """;
    private static final String IPV4 = "(expected: " + Ipv4Numbers.EXPECTED + ")";
    private static final String T1_T2 = " (RFC 2131 §4.4.5: T1 < T2 < lease)";

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private DhcpConfig dhcp(String yaml) throws Exception {
        return loader.parse("f.yaml", yaml).dhcp().orElseThrow();
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("problems expected in:\n" + yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static InetAddress ip(String literal) throws Exception {
        return IpAddresses.parse(literal);
    }

    private static DhcpOptionsConfig noOptions() {
        return new DhcpOptionsConfig(Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());
    }

    private static DhcpExtraOptionConfig extra(DhcpConfig dhcp, int index) {
        return dhcp.options().extra().get(index);
    }

    // ---------------------------------------------------------------------------------------------------
    // What loads
    // ---------------------------------------------------------------------------------------------------

    @Test
    void theSeedsSectionLoadsWithDnsmasqsDefaults() throws Exception {
        // dnsmasq/dnsmasq.conf: domain=localdomain / dhcp-range=192.168.77.50,192.168.77.150,12h
        DhcpConfig dhcp = dhcp("""
                dhcp: { interface: eth1, ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 12h }], options: { domain: localdomain }, lease_file: /var/lib/edgeplane/dhcp.leases }
                """);

        DhcpRangeConfig range = new DhcpRangeConfig(ip("192.168.77.50"), ip("192.168.77.150"), Optional.empty(),
                Duration.ofHours(12));
        DhcpOptionsConfig options = new DhcpOptionsConfig(Optional.empty(), List.of(), Optional.of("localdomain"),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        assertThat(dhcp).isEqualTo(new DhcpConfig("eth1", List.of(range), options, List.of(),
                "/var/lib/edgeplane/dhcp.leases", false, true, Duration.ofMillis(500), 1000, Duration.ofMinutes(10),
                new DhcpRateLimitConfig(4, 16, 20000, 65536)));
        // Spelled out, as the records document them:
        assertThat(dhcp.authoritative()).as("no dhcp-authoritative").isFalse();
        assertThat(dhcp.probe()).as("dnsmasq pings unless no-ping").isTrue();
        assertThat(dhcp.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(dhcp.maxLeases()).as("dhcp-lease-max").isEqualTo(1000);
        assertThat(dhcp.declineHold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(dhcp.reservations()).isEmpty();
        assertThat(dhcp.options().router()).as("absent = the server's own address").isEmpty();
        assertThat(dhcp.options().dnsServers()).as("empty = the server's own address").isEmpty();
        assertThat(dhcp.options().ntpServers()).isEmpty();
        assertThat(dhcp.options().broadcast()).isEmpty();
        assertThat(dhcp.options().renewalTime()).isEmpty();
        assertThat(dhcp.options().rebindingTime()).isEmpty();
        assertThat(dhcp.options().extra()).isEmpty();
        assertThat(range.netmask()).as("absent = the interface's").isEmpty();
        assertThat(range.size()).isEqualTo(101);
        assertThat(range.contains(ip("192.168.77.50"))).isTrue();
        assertThat(range.contains(ip("192.168.77.150"))).isTrue();
        assertThat(range.contains(ip("192.168.77.49"))).isFalse();
        assertThat(range.contains(ip("192.168.77.151"))).isFalse();
        assertThat(range.contains(ip("::ffff:c0a8:4d64"))).as("an IPv4-mapped literal is IPv4").isTrue();
        assertThat(range.contains(ip("2001:db8::50"))).isFalse();
    }

    @Test
    void theChronosyncExampleIsTheSeedsDnsmasq() throws Exception {
        // config/examples/chronosync.yaml: dhcp-range=192.168.77.50,192.168.77.150,12h, the .env's DHCP_NETMASK,
        // domain=localdomain, no dhcp-authoritative; everything else at dnsmasq's defaults.
        EdgeplaneConfig config = loader.load(Path.of("examples", "chronosync.yaml"));

        DhcpConfig dhcp = config.dhcp().orElseThrow();
        assertThat(dhcp).isEqualTo(new DhcpConfig("eth1",
                List.of(new DhcpRangeConfig(ip("192.168.77.50"), ip("192.168.77.150"), Optional.of(ip("255.255.255.0")),
                        Duration.ofHours(12))),
                new DhcpOptionsConfig(Optional.empty(), List.of(), Optional.of("localdomain"), List.of(),
                        Optional.empty(), Optional.empty(), Optional.empty(), List.of()),
                List.of(), "/var/lib/edgeplane/dhcp.leases", false, true, Duration.ofMillis(500), 1000,
                Duration.ofMinutes(10), new DhcpRateLimitConfig(4, 16, 20000, 65536)));
        assertThat(config.dns().orElseThrow().domain()).as("lease names go under the DNS domain")
                .isEqualTo(dhcp.options().domain());
        assertThat(config.ntp().orElseThrow().allow()).as("chrony's allow is the DHCP subnet")
                .allSatisfy(network -> assertThat(network.contains(dhcp.ranges().getFirst().from())).isTrue());
    }

    @Test
    void aMinimalSectionTakesDnsmasqsDefaults() throws Exception {
        DhcpConfig dhcp = dhcp(BASE);

        assertThat(dhcp).isEqualTo(new DhcpConfig("eth1", List.of(new DhcpRangeConfig(ip("192.168.77.50"),
                ip("192.168.77.150"), Optional.empty(), Duration.ofHours(1))), noOptions(), List.of(),
                "/var/lib/edgeplane/dhcp.leases", false, true, Duration.ofMillis(500), 1000, Duration.ofMinutes(10),
                new DhcpRateLimitConfig(4, 16, 20000, 65536)));
        assertThat(dhcp.ranges().getFirst().lease()).as("dnsmasq's dhcp-range default").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void reservationsAloneAreEnough() throws Exception {
        DhcpConfig dhcp = dhcp("""
                dhcp:
                  interface: eth1
                  reservations: [{ mac: "52:54:00:12:34:56", address: 192.168.77.10 }]
                """);

        assertThat(dhcp.ranges()).isEmpty();
        assertThat(dhcp.reservations()).containsExactly(new DhcpReservationConfig(
                Optional.of(new MacAddress("52:54:00:12:34:56")), Optional.empty(), ip("192.168.77.10"),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void everyKey() throws Exception {
        DhcpConfig dhcp = dhcp("""
                dhcp:
                  interface: br-lan.10
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150, netmask: 255.255.255.0, lease: 12h }
                    - { from: 192.168.77.200, to: 192.168.77.209, lease: 2m }
                  options:
                    router: 192.168.77.1
                    dns_servers: [192.168.77.2, 192.168.77.3]
                    domain: lan.example
                    ntp_servers: [192.168.77.4]
                    broadcast: 192.168.77.255
                    renewal_time: 1m
                    rebinding_time: 1m45s
                    extra:
                      - { code: 252, text: "http://wpad.lan.example/wpad.dat" }
                      - { code: 43, hex: "01:04:c0:a8:4d:01" }
                      - { code: 44, addresses: [192.168.77.5, 192.168.77.6] }
                      - { code: 2, uint32: 3600 }
                      - { code: 26, uint16: 1500 }
                      - { code: 23, uint8: 64 }
                  reservations:
                    - { mac: "52:54:00:12:34:56", address: 192.168.77.10, name: printer, lease: 1d }
                    - { client_id: "01:52:54:00:ab:cd:ef", address: 192.168.77.11 }
                    - { mac: 52-54-00-AB-CD-EE, client_id: 0152540012ABCD, address: 192.168.77.60, name: NAS }
                  lease_file: /srv/dhcp/leases
                  authoritative: false
                  probe: false
                  probe_timeout: 100ms
                  max_leases: 50000
                  decline_hold: 0
                  rate_limit: { per_client: 10, per_client_burst: 20, total: 0, table_size: 1024 }
                """);

        assertThat(dhcp.interfaceName()).isEqualTo("br-lan.10");
        assertThat(dhcp.ranges()).containsExactly(
                new DhcpRangeConfig(ip("192.168.77.50"), ip("192.168.77.150"), Optional.of(ip("255.255.255.0")),
                        Duration.ofHours(12)),
                new DhcpRangeConfig(ip("192.168.77.200"), ip("192.168.77.209"), Optional.empty(), Duration.ofMinutes(2)));
        DhcpOptionsConfig options = dhcp.options();
        assertThat(options.router()).contains(ip("192.168.77.1"));
        assertThat(options.dnsServers()).containsExactly(ip("192.168.77.2"), ip("192.168.77.3"));
        assertThat(options.domain()).contains("lan.example");
        assertThat(options.ntpServers()).containsExactly(ip("192.168.77.4"));
        assertThat(options.broadcast()).contains(ip("192.168.77.255"));
        assertThat(options.renewalTime()).contains(Duration.ofMinutes(1));
        assertThat(options.rebindingTime()).contains(Duration.ofSeconds(105));
        assertThat(options.extra()).extracting(DhcpExtraOptionConfig::code).containsExactly(252, 43, 44, 2, 26, 23);
        assertThat(options.extra().get(0).text()).contains("http://wpad.lan.example/wpad.dat");
        assertThat(options.extra().get(1).hex()).contains("01:04:c0:a8:4d:01");
        assertThat(options.extra().get(2).addresses()).containsExactly(ip("192.168.77.5"), ip("192.168.77.6"));
        assertThat(options.extra().get(3).uint32()).contains(3600L);
        assertThat(options.extra().get(4).uint16()).contains(1500);
        assertThat(options.extra().get(5).uint8()).contains(64);
        assertThat(dhcp.reservations()).containsExactly(
                new DhcpReservationConfig(Optional.of(MacAddress.parse("52:54:00:12:34:56")), Optional.empty(),
                        ip("192.168.77.10"), Optional.of("printer"), Optional.of(Duration.ofDays(1))),
                new DhcpReservationConfig(Optional.empty(), Optional.of("01:52:54:00:ab:cd:ef"), ip("192.168.77.11"),
                        Optional.empty(), Optional.empty()),
                new DhcpReservationConfig(Optional.of(MacAddress.parse("52:54:00:ab:cd:ee")),
                        Optional.of("0152540012ABCD"), ip("192.168.77.60"), Optional.of("NAS"), Optional.empty()));
        assertThat(dhcp.reservations().get(1).clientIdBytes()).hasValueSatisfying(id ->
                assertThat(id).containsExactly(0x01, 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef));
        assertThat(dhcp.reservations().get(2).clientIdBytes()).hasValueSatisfying(id ->
                assertThat(id).containsExactly(0x01, 0x52, 0x54, 0x00, 0x12, 0xab, 0xcd));
        assertThat(dhcp.reservations().get(0).clientIdBytes()).isEmpty();
        assertThat(dhcp.leaseFile()).isEqualTo("/srv/dhcp/leases");
        assertThat(dhcp.authoritative()).isFalse();
        assertThat(dhcp.probe()).isFalse();
        assertThat(dhcp.probeTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(dhcp.maxLeases()).isEqualTo(50000);
        assertThat(dhcp.declineHold()).isEqualTo(Duration.ZERO);
        assertThat(dhcp.rateLimit()).isEqualTo(new DhcpRateLimitConfig(10, 20, 0, 1024));
    }

    @Test
    void rateLimitKeysDefaultOneByOne() throws Exception {
        assertThat(dhcp(BASE + "  rate_limit: { per_client: 1 }\n").rateLimit())
                .isEqualTo(new DhcpRateLimitConfig(1, 16, 20000, 65536));
        assertThat(dhcp(BASE + "  rate_limit:\n").rateLimit()).isEqualTo(new DhcpRateLimitConfig(4, 16, 20000, 65536));
        assertThat(dhcp(BASE + "  options:\n").options()).isEqualTo(noOptions());
    }

    // ---------------------------------------------------------------------------------------------------
    // Extra options: the bytes that go on the wire
    // ---------------------------------------------------------------------------------------------------

    @Test
    void extraOptionValueIsTheWireBytesOfEachForm() throws Exception {
        DhcpConfig dhcp = dhcp(BASE + """
                  options:
                    extra:
                      - { code: 252, text: "wpad" }
                      - { code: 253, text: "café" }
                      - { code: 224, hex: "01:02:0a" }
                      - { code: 225, hex: 0A0bFf }
                      - { code: 226, addresses: [192.168.77.1, 10.0.0.255] }
                      - { code: 227, addresses: 192.168.77.9 }
                      - { code: 228, uint32: 4294967295 }
                      - { code: 229, uint32: 16909060 }
                      - { code: 230, uint32: 0 }
                      - { code: 231, uint16: 65535 }
                      - { code: 232, uint16: 258 }
                      - { code: 233, uint8: 255 }
                      - { code: 234, uint8: 0 }
                """);

        assertThat(extra(dhcp, 0).value()).isEqualTo("wpad".getBytes(StandardCharsets.US_ASCII));
        assertThat(extra(dhcp, 1).value()).as("UTF-8").containsExactly('c', 'a', 'f', 0xc3, 0xa9);
        assertThat(extra(dhcp, 2).value()).containsExactly(0x01, 0x02, 0x0a);
        assertThat(extra(dhcp, 3).value()).as("either case, no colons").containsExactly(0x0a, 0x0b, 0xff);
        assertThat(extra(dhcp, 4).value()).containsExactly(192, 168, 77, 1, 10, 0, 0, 255);
        assertThat(extra(dhcp, 5).value()).as("one address is a list of one").containsExactly(192, 168, 77, 9);
        assertThat(extra(dhcp, 6).value()).as("network order").containsExactly(0xff, 0xff, 0xff, 0xff);
        assertThat(extra(dhcp, 7).value()).containsExactly(0x01, 0x02, 0x03, 0x04);
        assertThat(extra(dhcp, 8).value()).containsExactly(0, 0, 0, 0);
        assertThat(extra(dhcp, 9).value()).containsExactly(0xff, 0xff);
        assertThat(extra(dhcp, 10).value()).containsExactly(0x01, 0x02);
        assertThat(extra(dhcp, 11).value()).containsExactly(0xff);
        assertThat(extra(dhcp, 12).value()).containsExactly(0x00);
    }

    @Test
    void extraOptionsAtTheLengthLimitLoad() throws Exception {
        String addresses = "192.168.77.1, ".repeat(62) + "192.168.77.1";
        DhcpConfig dhcp = dhcp(BASE + """
                  options:
                    extra:
                      - { code: 252, text: "%s" }
                      - { code: 253, hex: "%s" }
                      - { code: 254, addresses: [%s] }
                """.formatted("x".repeat(255), "ab".repeat(255), addresses));

        assertThat(extra(dhcp, 0).value()).hasSize(255);
        assertThat(extra(dhcp, 1).value()).hasSize(255);
        assertThat(extra(dhcp, 2).value()).hasSize(252);
    }

    // ---------------------------------------------------------------------------------------------------
    // YAML's own readings of unquoted values
    // ---------------------------------------------------------------------------------------------------

    @Test
    void unquotedMacsAreTakenAsWritten() throws Exception {
        // YAML 1.1 reads 52:54:00:12:34:56 as a base-60 integer (52*60^5 + ... = 40695876896); the loader keeps
        // the scalar's text, so the MAC arrives as written. Likewise a client identifier, and hex that looks
        // like a number (0102 would be octal 66 in YAML 1.1).
        DhcpConfig dhcp = dhcp(BASE + """
                  reservations:
                    - { mac: 52:54:00:12:34:56, address: 192.168.77.10 }
                    - mac: 12:34:56:12:34:59
                      address: 192.168.77.11
                    - { mac: 00:11:22:33:44:55, address: 192.168.77.12 }
                    - { client_id: 01:52:54:00:12:34:57, address: 192.168.77.13 }
                  options:
                    extra:
                      - { code: 252, hex: 0102 }
                      - { code: 253, hex: 01:02 }
                      - { code: 254, text: 12:30 }
                      - { code: 224, text: 0x1F }
                      - { code: 225, text: yes }
                """);

        assertThat(dhcp.reservations()).extracting(r -> r.mac().map(MacAddress::text).orElse(null))
                .containsExactly("52:54:00:12:34:56", "12:34:56:12:34:59", "00:11:22:33:44:55", null);
        assertThat(dhcp.reservations().get(3).clientId()).contains("01:52:54:00:12:34:57");
        assertThat(extra(dhcp, 0).value()).containsExactly(0x01, 0x02);
        assertThat(extra(dhcp, 1).value()).containsExactly(0x01, 0x02);
        assertThat(extra(dhcp, 2).text()).contains("12:30");
        assertThat(extra(dhcp, 3).text()).contains("0x1F");
        assertThat(extra(dhcp, 4).text()).contains("yes");
    }

    @Test
    void aMacThatYamlReadsAsAnotherTypeGetsTheMacMessage() {
        assertThat(problems(BASE + """
                  reservations:
                    - { mac: 52:54:00:12:34, address: 192.168.77.10 }
                    - { mac: 525400123456, address: 192.168.77.11 }
                    - { mac: 5.2e10, address: 192.168.77.12 }
                    - { mac: true, address: 192.168.77.13 }
                    - { mac: ~, address: 192.168.77.14 }
                """)).containsExactly(
                "f.yaml:5:14: dhcp.reservations[0].mac: '52:54:00:12:34' is not a MAC address (expected: "
                        + MacAddress.EXPECTED + ")",
                "f.yaml:6:14: dhcp.reservations[1].mac: '525400123456' is not a MAC address (expected: "
                        + MacAddress.EXPECTED + ")",
                "f.yaml:7:14: dhcp.reservations[2].mac: '5.2e10' is not a MAC address (expected: "
                        + MacAddress.EXPECTED + ")",
                "f.yaml:8:14: dhcp.reservations[3].mac: 'true' is not a MAC address (expected: "
                        + MacAddress.EXPECTED + ")",
                "f.yaml:9:14: dhcp.reservations[4].mac: expected a value, found an empty value (expected: "
                        + MacAddress.EXPECTED + ")");
    }

    // ---------------------------------------------------------------------------------------------------
    // The section
    // ---------------------------------------------------------------------------------------------------

    @Test
    void theInterfaceIsRequiredAndAKernelName() {
        assertThat(problems("dhcp: { ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }] }"))
                .containsExactly("f.yaml:1:7: dhcp.interface: missing required key 'interface'");
        assertThat(problems("""
                dhcp:
                  interface: "eth1:0"
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }]
                """)).containsExactly("f.yaml:2:14: dhcp.interface: 'eth1:0' is not an interface name (expected: "
                + InterfaceNames.EXPECTED + ")");
        assertThat(problems("""
                dhcp:
                  interface: a-very-long-name
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }]
                """)).containsExactly("f.yaml:2:14: dhcp.interface: 'a-very-long-name' is not an interface name "
                + "(expected: " + InterfaceNames.EXPECTED + ")");
    }

    @Test
    void aSectionThatHandsOutNoAddressIsAnError() {
        String message = "the dhcp section hands out no address: it has no ranges and no reservations (expected: "
                + "ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 12h }])";
        assertThat(problems("""
                dhcp:
                  interface: eth1
                """)).containsExactly("f.yaml:2:3: dhcp: " + message);
        assertThat(problems("dhcp: { interface: eth1, ranges: [], reservations: [] }"))
                .containsExactly("f.yaml:1:7: dhcp: " + message);
    }

    @Test
    void anEmptySectionNamesWhatIsMissing() {
        assertThat(problems("dhcp:\n")).containsExactly("f.yaml:1:6: dhcp.interface: missing required key 'interface'");
    }

    @Test
    void theLeaseFileIsAPath() {
        assertThat(problems(BASE + "  lease_file: \" \"\n")).containsExactly(
                "f.yaml:4:15: dhcp.lease_file: the path is empty (expected: such as /var/lib/edgeplane/dhcp.leases)");
    }

    @Test
    void probeTimeoutIs10msTo5s() throws Exception {
        String expected = "probe_timeout must be 10ms..5s (expected: 500ms; a client retries its DISCOVER after about 4s)";
        assertThat(problems(BASE + "  probe_timeout: 9ms\n")).containsExactly("f.yaml:4:18: dhcp.probe_timeout: " + expected);
        assertThat(problems(BASE + "  probe_timeout: 5001ms\n")).containsExactly("f.yaml:4:18: dhcp.probe_timeout: " + expected);
        assertThat(problems(BASE + "  probe_timeout: 0\n")).containsExactly("f.yaml:4:18: dhcp.probe_timeout: " + expected);
        assertThat(dhcp(BASE + "  probe_timeout: 10ms\n").probeTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(dhcp(BASE + "  probe_timeout: 5s\n").probeTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void maxLeasesIs1To1000000() throws Exception {
        String expected = "max_leases must be 1..1000000 (expected: 1000, as dnsmasq's dhcp-lease-max)";
        assertThat(problems(BASE + "  max_leases: 0\n")).containsExactly("f.yaml:4:15: dhcp.max_leases: " + expected);
        assertThat(problems(BASE + "  max_leases: 1000001\n")).containsExactly("f.yaml:4:15: dhcp.max_leases: " + expected);
        assertThat(problems(BASE + "  max_leases: -1\n")).containsExactly("f.yaml:4:15: dhcp.max_leases: " + expected);
        assertThat(dhcp(BASE + "  max_leases: 1\n").maxLeases()).isEqualTo(1);
        assertThat(dhcp(BASE + "  max_leases: 1_000_000\n").maxLeases()).isEqualTo(DhcpConfig.MAX_MAX_LEASES);
    }

    @Test
    void declineHoldIsADuration() throws Exception {
        assertThat(dhcp(BASE + "  decline_hold: 0\n").declineHold()).isZero();
        assertThat(dhcp(BASE + "  decline_hold: 1h\n").declineHold()).isEqualTo(Duration.ofHours(1));
        // A negative duration cannot be written, so the record's own "must not be negative" guards only code.
        assertThat(problems(BASE + "  decline_hold: -10m\n")).singleElement().asString()
                .startsWith("f.yaml:4:17: dhcp.decline_hold: '-10m' is not a duration");
    }

    @Test
    void flagsAreBooleans() {
        assertThat(problems(BASE + "  authoritative: maybe\n  probe: 2\n")).containsExactly(
                "f.yaml:4:18: dhcp.authoritative: 'maybe' is not true or false (expected: true or false)",
                "f.yaml:5:10: dhcp.probe: '2' is not true or false (expected: true or false)");
    }

    @Test
    void rangesMayNotOverlap() throws Exception {
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150 }
                    - { from: 192.168.77.100, to: 192.168.77.200 }
                    - { from: 192.168.77.10, to: 192.168.77.50 }
                    - { from: 192.168.77.10, to: 192.168.77.49 }
                    - { from: 192.168.77.201, to: 192.168.77.201 }
                    - { from: 192.168.77.150, to: 192.168.77.150 }
                """)).containsExactly(
                "f.yaml:5:7: dhcp.ranges[1]: the range overlaps ranges[0] (expected: ranges that share no address)",
                "f.yaml:6:7: dhcp.ranges[2]: the range overlaps ranges[0] (expected: ranges that share no address)",
                "f.yaml:7:7: dhcp.ranges[3]: the range overlaps ranges[2] (expected: ranges that share no address)",
                "f.yaml:9:7: dhcp.ranges[5]: the range overlaps ranges[0] (expected: ranges that share no address)",
                "f.yaml:9:7: dhcp.ranges[5]: the range overlaps ranges[1] (expected: ranges that share no address)");
        // Ranges that touch share no address.
        assertThat(dhcp("""
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150 }
                    - { from: 192.168.77.151, to: 192.168.77.200 }
                    - { from: 192.168.77.10, to: 192.168.77.49 }
                """).ranges()).hasSize(3);
    }

    @Test
    void reservationsAreUniqueByMacClientIdAddressAndName() {
        String expected = " (expected: one reservation per client, address and name)";
        assertThat(problems(BASE + """
                  reservations:
                    - { mac: "52:54:00:ab:cd:ef", client_id: "01:52:54:00:ab:cd:ef", address: 192.168.77.10, name: printer }
                    - { mac: 52-54-00-AB-CD-EF, address: 192.168.77.11 }
                    - { client_id: 015254 00abcdef, address: 192.168.77.12 }
                    - { client_id: 01525400ABCDEF, address: 192.168.77.13 }
                    - { mac: "52:54:00:00:00:01", address: 192.168.77.10 }
                    - { mac: "52:54:00:00:00:02", address: 192.168.77.14, name: Printer }
                """)).containsExactly(
                "f.yaml:6:14: dhcp.reservations[1].mac: mac 52:54:00:ab:cd:ef is already in reservations[0]" + expected,
                "f.yaml:7:20: dhcp.reservations[2].client_id: '015254 00abcdef' is not a client identifier (expected: "
                        + "2 to 255 hex pairs, such as 01:52:54:00:12:34:56 (type 1, then the MAC))",
                "f.yaml:8:20: dhcp.reservations[3].client_id: client_id 01525400ABCDEF is already in reservations[0]"
                        + expected,
                "f.yaml:9:44: dhcp.reservations[4].address: address 192.168.77.10 is already in reservations[0]"
                        + expected,
                "f.yaml:10:65: dhcp.reservations[5].name: name Printer is already in reservations[0]" + expected);
    }

    @Test
    void aDuplicateReservationIsReportedForEveryRepeatedKey() {
        String expected = " (expected: one reservation per client, address and name)";
        assertThat(problems(BASE + """
                  reservations:
                    - { mac: "52:54:00:ab:cd:ef", address: 192.168.77.10, name: printer }
                    - { mac: "52:54:00:ab:cd:ef", address: 192.168.77.10, name: printer }
                    - { mac: "52:54:00:ab:cd:ef", address: 192.168.77.10, name: printer }
                """)).containsExactly(
                "f.yaml:6:14: dhcp.reservations[1].mac: mac 52:54:00:ab:cd:ef is already in reservations[0]" + expected,
                "f.yaml:6:44: dhcp.reservations[1].address: address 192.168.77.10 is already in reservations[0]"
                        + expected,
                "f.yaml:6:65: dhcp.reservations[1].name: name printer is already in reservations[0]" + expected,
                "f.yaml:7:14: dhcp.reservations[2].mac: mac 52:54:00:ab:cd:ef is already in reservations[0]" + expected,
                "f.yaml:7:44: dhcp.reservations[2].address: address 192.168.77.10 is already in reservations[0]"
                        + expected,
                "f.yaml:7:65: dhcp.reservations[2].name: name printer is already in reservations[0]" + expected);
    }

    @Test
    void unknownKeysGetAHint() {
        assertThat(problems(BASE + "  leasefile: /var/lib/misc/dnsmasq.leases\n")).containsExactly(
                "f.yaml:4:3: dhcp.leasefile: unknown key 'leasefile'; did you mean 'lease_file'? (expected: one of "
                        + "interface, ranges, options, reservations, lease_file, authoritative, probe, probe_timeout, "
                        + "max_leases, decline_hold, rate_limit)");
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ start: 192.168.77.50, to: 192.168.77.150 }]
                """)).containsExactly(
                "f.yaml:3:12: dhcp.ranges[0].from: missing required key 'from'",
                "f.yaml:3:14: dhcp.ranges[0].start: unknown key 'start' (expected: one of from, to, netmask, lease)");
    }

    // ---------------------------------------------------------------------------------------------------
    // Ranges
    // ---------------------------------------------------------------------------------------------------

    @Test
    void rangeEndsAreIpv4() {
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: "2001:db8:0:0::50", to: "::ffff:192.168.77.150" }]
                """)).containsExactly(
                "f.yaml:3:20: dhcp.ranges[0].from: 2001:db8::50 is not IPv4: the DHCP server is DHCPv4 " + IPV4);
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.256 }]
                """)).containsExactly("f.yaml:3:39: dhcp.ranges[0].to: '192.168.77.256' is not an IP address "
                + "(expected: " + IpAddresses.EXPECTED + ")");
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50 }]
                """)).containsExactly("f.yaml:3:12: dhcp.ranges[0].to: missing required key 'to'");
    }

    @Test
    void aRangeEndsAtOrAfterItsStart() throws Exception {
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.150, to: 192.168.77.50 }]
                """)).containsExactly("f.yaml:3:40: dhcp.ranges[0].to: the range ends at 192.168.77.50, before it "
                + "starts at 192.168.77.150 (expected: to at or after from, such as from: 192.168.77.50, to: 192.168.77.150)");
        DhcpRangeConfig one = dhcp("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.50 }]
                """).ranges().getFirst();
        assertThat(one.size()).isEqualTo(1);
    }

    @Test
    void aRangeHoldsAtMostASlash12() throws Exception {
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 10.0.0.0, to: 10.16.0.0 }]
                """)).containsExactly("f.yaml:3:34: dhcp.ranges[0].to: the range holds 1048577 addresses, more than "
                + "1048576 (expected: a range of at most 1048576 addresses (a /12))");
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 0.0.0.0, to: 255.255.255.255 }]
                """)).containsExactly("f.yaml:3:33: dhcp.ranges[0].to: the range holds 4294967296 addresses, more than "
                + "1048576 (expected: a range of at most 1048576 addresses (a /12))");
        DhcpRangeConfig largest = dhcp("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 10.0.0.0, to: 10.15.255.255 }]
                """).ranges().getFirst();
        assertThat(largest.size()).isEqualTo(DhcpRangeConfig.MAX_SIZE);
    }

    @Test
    void aNetmaskIsContiguousAndLeavesRoomForClients() throws Exception {
        String expected = " is not a netmask of a subnet with room for clients (expected: such as 255.255.255.0)";
        for (String mask : List.of("255.0.255.0", "255.255.255.254", "255.255.255.255", "0.0.0.0", "255.255.255.1")) {
            assertThat(problems("""
                    dhcp:
                      interface: eth1
                      ranges: [{ from: 192.168.77.50, to: 192.168.77.50, netmask: %s }]
                    """.formatted(mask))).as(mask).containsExactly("f.yaml:3:63: dhcp.ranges[0].netmask: " + mask + expected);
        }
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.50, netmask: "ffff:ffff::" }]
                """)).containsExactly("f.yaml:3:63: dhcp.ranges[0].netmask: ffff:ffff::" + expected);
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.50, netmask: 24 }]
                """)).containsExactly("f.yaml:3:63: dhcp.ranges[0].netmask: '24' is not an IP address (expected: "
                + IpAddresses.EXPECTED + ")");
        for (String mask : List.of("128.0.0.0", "255.255.255.252", "255.255.255.0", "255.255.254.0")) {
            assertThat(dhcp("""
                    dhcp:
                      interface: eth1
                      ranges: [{ from: 192.168.77.50, to: 192.168.77.50, netmask: %s }]
                    """.formatted(mask)).ranges().getFirst().netmask()).as(mask).contains(ip(mask));
        }
    }

    @Test
    void aRangeWithANetmaskLiesInOneSubnet() throws Exception {
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.76.200, to: 192.168.77.10, netmask: 255.255.255.0 }]
                """)).containsExactly("f.yaml:3:64: dhcp.ranges[0].netmask: 192.168.76.200 and 192.168.77.10 are not in "
                + "one subnet of netmask 255.255.255.0 (expected: a range inside one subnet)");
        assertThat(dhcp("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.76.200, to: 192.168.77.10, netmask: 255.255.254.0 }]
                """).ranges().getFirst().size()).isEqualTo(67);
    }

    @Test
    void aLeaseIsDnsmasqs2mOrMoreAndFitsTheWire() throws Exception {
        String expected = " is outside 2m..136y (expected: such as 12h, dnsmasq's dhcp-range lease time)";
        assertThat(problems("""
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.60, lease: 1m59s }
                    - { from: 192.168.77.70, to: 192.168.77.80, lease: 4294967295s }
                    - { from: 192.168.77.90, to: 192.168.77.99, lease: 0 }
                """)).containsExactly(
                "f.yaml:4:56: dhcp.ranges[0].lease: lease 119s" + expected,
                "f.yaml:5:56: dhcp.ranges[1].lease: lease 4294967295s" + expected,
                "f.yaml:6:56: dhcp.ranges[2].lease: lease 0s" + expected);
        assertThat(dhcp("""
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.60, lease: 2m }
                    - { from: 192.168.77.70, to: 192.168.77.80, lease: 4294967294s }
                """).ranges()).extracting(DhcpRangeConfig::lease)
                .containsExactly(DhcpRangeConfig.MIN_LEASE, DhcpRangeConfig.MAX_LEASE);
    }

    // ---------------------------------------------------------------------------------------------------
    // Options
    // ---------------------------------------------------------------------------------------------------

    @Test
    void optionAddressesAreIpv4() {
        assertThat(problems(BASE + """
                  options:
                    router: "fe80::1"
                    dns_servers: [192.168.77.1, "::1"]
                    ntp_servers: ["2001:db8::123"]
                    broadcast: "ff02::1"
                """)).containsExactly(
                "f.yaml:5:13: dhcp.options.router: fe80::1 is not IPv4 " + IPV4,
                "f.yaml:6:33: dhcp.options.dns_servers[1]: ::1 is not IPv4 " + IPV4,
                "f.yaml:7:19: dhcp.options.ntp_servers[0]: 2001:db8::123 is not IPv4 " + IPV4,
                "f.yaml:8:16: dhcp.options.broadcast: ff02::1 is not IPv4 " + IPV4);
    }

    @Test
    void theDomainIsADnsNameWithoutTheRootDot() {
        for (String domain : List.of("localdomain.", "local..domain", "lan domain", "lan/x")) {
            assertThat(problems(BASE + "  options: { domain: \"" + domain + "\" }\n")).as(domain).containsExactly(
                    "f.yaml:4:22: dhcp.options.domain: '" + domain + "' is not a domain name (expected: "
                            + DnsNames.EXPECTED + ")");
        }
    }

    @Test
    void renewalAndRebindingTimesArePositive() {
        assertThat(problems(BASE + "  options: { renewal_time: 0, rebinding_time: 0s }\n")).containsExactly(
                "f.yaml:4:28: dhcp.options.renewal_time: renewal_time must be positive (expected: such as 30m)",
                "f.yaml:4:47: dhcp.options.rebinding_time: rebinding_time must be positive (expected: such as 52m30s)");
    }

    @Test
    void rebindingComesAfterRenewal() throws Exception {
        String expected = "rebinding_time must come after renewal_time" + T1_T2
                + " (expected: such as renewal_time: 30m, rebinding_time: 52m30s)";
        assertThat(problems(BASE + "  options: { renewal_time: 30m, rebinding_time: 30m }\n"))
                .containsExactly("f.yaml:4:49: dhcp.options.rebinding_time: " + expected);
        assertThat(problems(BASE + "  options: { renewal_time: 30m, rebinding_time: 29m59s }\n"))
                .containsExactly("f.yaml:4:49: dhcp.options.rebinding_time: " + expected);
        DhcpOptionsConfig options = dhcp(BASE + "  options: { renewal_time: 30m, rebinding_time: 30m1s }\n").options();
        assertThat(options.renewalTime()).contains(Duration.ofMinutes(30));
        assertThat(options.rebindingTime()).contains(Duration.ofSeconds(1801));
    }

    @Test
    void renewalAndRebindingFitEveryLease() {
        // The ranges' leases: 1h (the default) and 12h; a reservation outside them gets 1h, or its own.
        String sections = """
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150, lease: 12h }
                    - { from: 192.168.77.160, to: 192.168.77.170 }
                  reservations:
                    - { mac: "52:54:00:12:34:56", address: 192.168.77.10, lease: 10m }
                  options: { %s }
                """;
        assertThat(problems(sections.formatted("renewal_time: 5m, rebinding_time: 1h"))).containsExactly(
                "f.yaml:8:48: dhcp.options.rebinding_time: rebinding_time 1h is not before the end of the 1h lease of "
                        + "ranges[1]" + T1_T2 + " (expected: a rebinding_time shorter than every lease, such as 7/8 "
                        + "of the shortest)");
        assertThat(problems(sections.formatted("renewal_time: 5m, rebinding_time: 10m"))).containsExactly(
                "f.yaml:8:48: dhcp.options.rebinding_time: rebinding_time 10m is not before the end of the 10m lease of "
                        + "reservations[0]" + T1_T2 + " (expected: a rebinding_time shorter than every lease, such as "
                        + "7/8 of the shortest)");
        // Without rebinding_time, each lease's T2 is 7/8 of it: renewal_time must come before the shortest one's.
        assertThat(problems(sections.formatted("renewal_time: 8m45s"))).containsExactly(
                "f.yaml:8:28: dhcp.options.renewal_time: renewal_time 8m45s is not before 8m45s, the rebinding time (7/8) "
                        + "of the 10m lease of reservations[0]" + T1_T2 + " (expected: a renewal_time below 7/8 of "
                        + "every lease, or a rebinding_time too)");
        // Without renewal_time, each lease's T1 is half of it: rebinding_time must come after the longest one's.
        assertThat(problems(sections.formatted("rebinding_time: 6h"))).containsExactly(
                "f.yaml:8:30: dhcp.options.rebinding_time: rebinding_time 6h is not after 6h, the renewal time (half) of "
                        + "the 12h lease of ranges[0]" + T1_T2 + " (expected: a rebinding_time above half of every "
                        + "lease, or a renewal_time too)");
    }

    @Test
    void givenRenewalOrRebindingAloneStaysInOrderWithTheOthersDefault() throws Exception {
        String section = """
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 12h }]
                  reservations: [{ mac: "52:54:00:12:34:56", address: 192.168.77.10 }]
                  options: { %s }
                """;
        // The reservation lies outside the range and gives no lease: it gets 1h, whose T2 is 52m30s.
        assertThat(problems(section.formatted("renewal_time: 52m30s"))).containsExactly(
                "f.yaml:5:28: dhcp.options.renewal_time: renewal_time 52m30s is not before 52m30s, the rebinding time "
                        + "(7/8) of the 1h lease of reservations[0]" + T1_T2 + " (expected: a renewal_time below 7/8 of "
                        + "every lease, or a rebinding_time too)");
        assertThat(problems(section.formatted("rebinding_time: 6h"))).containsExactly(
                "f.yaml:5:30: dhcp.options.rebinding_time: rebinding_time 6h is not after 6h, the renewal time (half) of "
                        + "the 12h lease of ranges[0]" + T1_T2 + " (expected: a rebinding_time above half of every lease, "
                        + "or a renewal_time too)");
        assertThat(dhcp(section.formatted("renewal_time: 52m29s")).options().renewalTime())
                .contains(Duration.ofSeconds(52 * 60 + 29));
        assertThat(problems(section.formatted("rebinding_time: 6h1s"))).singleElement().asString()
                .contains("rebinding_time 6h1s is not before the end of the 1h lease of reservations[0]");
        // A reservation inside a range takes the range's lease: only the range counts.
        assertThat(dhcp("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 12h }]
                  reservations: [{ mac: "52:54:00:12:34:56", address: 192.168.77.60 }]
                  options: { rebinding_time: 6h1s }
                """).options().rebindingTime()).contains(Duration.ofSeconds(6 * 3600 + 1));
    }

    // ---------------------------------------------------------------------------------------------------
    // Extra options
    // ---------------------------------------------------------------------------------------------------

    @Test
    void extraOptionCodesAreNotTheServersOwn() {
        String codes = "(expected: an option number 1..254 other than " + DhcpExtraOptionConfig.RESERVED_CODES + ")";
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 53, uint8: 1 }
                      - { code: 0, uint8: 1 }
                      - { code: 255, uint8: 1 }
                      - { code: 256, uint8: 1 }
                      - { code: -1, uint8: 1 }
                      - { code: 61, hex: "01:02" }
                """)).containsExactly(
                "f.yaml:6:17: dhcp.options.extra[0].code: option 53 cannot be set here: the server writes it from the "
                        + "exchange itself " + codes,
                "f.yaml:7:17: dhcp.options.extra[1].code: option 0 cannot be set here: the server writes it from the "
                        + "exchange itself " + codes,
                "f.yaml:8:17: dhcp.options.extra[2].code: option 255 cannot be set here: the server writes it from the "
                        + "exchange itself " + codes,
                "f.yaml:9:17: dhcp.options.extra[3].code: option 256 cannot be set here " + codes,
                "f.yaml:10:17: dhcp.options.extra[4].code: option -1 cannot be set here " + codes,
                "f.yaml:11:17: dhcp.options.extra[5].code: option 61 cannot be set here: the server writes it from the "
                        + "exchange itself " + codes);
    }

    @Test
    void extraOptionCodesWithTheirOwnKeyAreRefused() {
        String named = " has its own key in options (router, dns_servers, domain, broadcast, ntp_servers, renewal_time, "
                + "rebinding_time, and the subnet mask from the range) (expected: that key instead of extra)";
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 1, addresses: [255.255.255.0] }
                      - { code: 3, addresses: [192.168.77.1] }
                      - { code: 6, addresses: [192.168.77.1] }
                      - { code: 15, text: lan }
                      - { code: 28, addresses: [192.168.77.255] }
                      - { code: 42, addresses: [192.168.77.1] }
                      - { code: 58, uint32: 1800 }
                      - { code: 59, uint32: 3150 }
                """)).containsExactly(
                "f.yaml:6:17: dhcp.options.extra[0].code: option 1" + named,
                "f.yaml:7:17: dhcp.options.extra[1].code: option 3" + named,
                "f.yaml:8:17: dhcp.options.extra[2].code: option 6" + named,
                "f.yaml:9:17: dhcp.options.extra[3].code: option 15" + named,
                "f.yaml:10:17: dhcp.options.extra[4].code: option 28" + named,
                "f.yaml:11:17: dhcp.options.extra[5].code: option 42" + named,
                "f.yaml:12:17: dhcp.options.extra[6].code: option 58" + named,
                "f.yaml:13:17: dhcp.options.extra[7].code: option 59" + named);
    }

    @Test
    void anExtraOptionHasExactlyOneValue() {
        String expected = " (expected: one of text, hex, addresses, uint32, uint16 or uint8)";
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 252 }
                      - { code: 253, text: a, hex: "61" }
                      - { code: 254, uint8: 1, uint16: 1, uint32: 1, addresses: [192.168.77.1] }
                      - { code: 224, addresses: [] }
                """)).containsExactly(
                "f.yaml:6:9: dhcp.options.extra[0]: option 252 needs exactly one value, 0 given" + expected,
                "f.yaml:7:9: dhcp.options.extra[1]: option 253 needs exactly one value, 2 given" + expected,
                "f.yaml:8:9: dhcp.options.extra[2]: option 254 needs exactly one value, 4 given" + expected,
                "f.yaml:9:9: dhcp.options.extra[3]: option 224 needs exactly one value, 0 given" + expected);
        assertThat(problems(BASE + "  options: { extra: [{ text: a }] }\n"))
                .containsExactly("f.yaml:4:22: dhcp.options.extra[0].code: missing required key 'code'");
    }

    @Test
    void anExtraOptionIsGivenOnce() {
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 252, text: a }
                      - { code: 253, text: b }
                      - { code: 252, text: c }
                """)).containsExactly(
                "f.yaml:8:17: dhcp.options.extra[2].code: option 252 is given twice (expected: each option once)");
    }

    @Test
    void hexIsPairsOfAsciiHexDigits() {
        String expected = " is not hex bytes (expected: hex pairs such as 01:02:0a or 01020a)";
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 224, hex: "0g" }
                      - { code: 225, hex: "012" }
                      - { code: 226, hex: "" }
                      - { code: 227, hex: "01:" }
                      - { code: 228, hex: "01::02" }
                      - { code: 229, hex: "0x01" }
                      - { code: 230, hex: "01 02" }
                      - { code: 231, hex: "\u0661\u0662" }
                      - { code: 232, hex: "\uff10\uff11" }
                """)).containsExactly(
                "f.yaml:6:27: dhcp.options.extra[0].hex: '0g'" + expected,
                "f.yaml:7:27: dhcp.options.extra[1].hex: '012'" + expected,
                "f.yaml:8:27: dhcp.options.extra[2].hex: ''" + expected,
                "f.yaml:9:27: dhcp.options.extra[3].hex: '01:'" + expected,
                "f.yaml:10:27: dhcp.options.extra[4].hex: '01::02'" + expected,
                "f.yaml:11:27: dhcp.options.extra[5].hex: '0x01'" + expected,
                "f.yaml:12:27: dhcp.options.extra[6].hex: '01 02'" + expected,
                "f.yaml:13:27: dhcp.options.extra[7].hex: '\u0661\u0662'" + expected,
                "f.yaml:14:27: dhcp.options.extra[8].hex: '\uff10\uff11'" + expected);
    }

    @Test
    void hexWithColonsHasTwoDigitsBetweenThem() {
        // dnsmasq reads a:b:cd as 0a 0b cd; dropping the colons would send ab cd. Refused rather than guessed.
        String expected = " is not hex bytes (expected: hex pairs such as 01:02:0a or 01020a)";
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 224, hex: "a:b:cd" }
                      - { code: 225, hex: "0:1" }
                      - { code: 226, hex: "012:3" }
                """)).containsExactly(
                "f.yaml:6:27: dhcp.options.extra[0].hex: 'a:b:cd'" + expected,
                "f.yaml:7:27: dhcp.options.extra[1].hex: '0:1'" + expected,
                "f.yaml:8:27: dhcp.options.extra[2].hex: '012:3'" + expected);
    }

    @Test
    void extraOptionAddressesAreIpv4() {
        assertThat(problems(BASE + "  options: { extra: [{ code: 252, addresses: [192.168.77.1, \"::1\"] }] }\n"))
                .containsExactly("f.yaml:4:61: dhcp.options.extra[0].addresses[1]: ::1 is not IPv4 " + IPV4);
    }

    @Test
    void numbersFitTheirWidth() throws Exception {
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 224, uint32: 4294967296 }
                      - { code: 225, uint32: -1 }
                      - { code: 226, uint16: 65536 }
                      - { code: 227, uint16: -1 }
                      - { code: 228, uint8: 256 }
                      - { code: 229, uint8: -1 }
                      - { code: 230, uint8: 0x01 }
                """)).containsExactly(
                "f.yaml:6:30: dhcp.options.extra[0].uint32: 4294967296 is not 0..4294967295 (expected: an unsigned "
                        + "32-bit number)",
                "f.yaml:7:30: dhcp.options.extra[1].uint32: -1 is not 0..4294967295 (expected: an unsigned 32-bit number)",
                "f.yaml:8:30: dhcp.options.extra[2].uint16: 65536 is not 0..65535 (expected: an unsigned 16-bit number)",
                "f.yaml:9:30: dhcp.options.extra[3].uint16: -1 is not 0..65535 (expected: an unsigned 16-bit number)",
                "f.yaml:10:29: dhcp.options.extra[4].uint8: 256 is not 0..255 (expected: one byte)",
                "f.yaml:11:29: dhcp.options.extra[5].uint8: -1 is not 0..255 (expected: one byte)",
                "f.yaml:12:29: dhcp.options.extra[6].uint8: '0x01' is not a whole number (expected: a whole number)");
    }

    @Test
    void textIsNotEmpty() {
        assertThat(problems(BASE + "  options: { extra: [{ code: 252, text: \"\" }] }\n")).containsExactly(
                "f.yaml:4:41: dhcp.options.extra[0].text: the text is empty (expected: a non-empty string)");
    }

    @Test
    void anExtraOptionIsAt255BytesCountedOnTheWire() {
        String addresses = "192.168.77.1, ".repeat(64) + "192.168.77.1";
        assertThat(problems(BASE + """
                  options:
                    extra:
                      - { code: 252, text: "%s" }
                      - { code: 253, text: "%s" }
                      - { code: 254, hex: "%s" }
                      - { code: 224, addresses: [%s] }
                """.formatted("x".repeat(256), "é".repeat(128), "ab:".repeat(255) + "ab", addresses))).containsExactly(
                "f.yaml:6:9: dhcp.options.extra[0]: option 252 is 256 bytes long (expected: 1 to 255 bytes)",
                "f.yaml:7:9: dhcp.options.extra[1]: option 253 is 256 bytes long (expected: 1 to 255 bytes)",
                "f.yaml:8:9: dhcp.options.extra[2]: option 254 is 256 bytes long (expected: 1 to 255 bytes)",
                "f.yaml:9:9: dhcp.options.extra[3]: option 224 is 260 bytes long (expected: 1 to 255 bytes)");
    }

    // ---------------------------------------------------------------------------------------------------
    // Reservations
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aReservationNamesItsClient() {
        assertThat(problems(BASE + "  reservations: [{ address: 192.168.77.10, name: printer }]\n")).containsExactly(
                "f.yaml:4:18: dhcp.reservations[0]: a reservation needs the client's mac or client_id (expected: "
                        + "such as mac: \"52:54:00:12:34:56\")");
        assertThat(problems(BASE + "  reservations: [{ mac: \"52:54:00:12:34:56\" }]\n")).containsExactly(
                "f.yaml:4:18: dhcp.reservations[0].address: missing required key 'address'");
    }

    @Test
    void aClientIdIsTwoTo255HexPairs() throws Exception {
        String expected = " is not a client identifier (expected: 2 to 255 hex pairs, such as 01:52:54:00:12:34:56 "
                + "(type 1, then the MAC))";
        assertThat(problems(BASE + """
                  reservations:
                    - { client_id: "01", address: 192.168.77.10 }
                    - { client_id: "01:5", address: 192.168.77.11 }
                    - { client_id: "1:52:54", address: 192.168.77.12 }
                    - { client_id: "zz:zz", address: 192.168.77.13 }
                    - { client_id: "%s", address: 192.168.77.14 }
                    - { client_id: "\u0661\u0662\u0663\u0664", address: 192.168.77.15 }
                """.formatted("ab".repeat(256)))).containsExactly(
                "f.yaml:5:20: dhcp.reservations[0].client_id: '01'" + expected,
                "f.yaml:6:20: dhcp.reservations[1].client_id: '01:5'" + expected,
                "f.yaml:7:20: dhcp.reservations[2].client_id: '1:52:54'" + expected,
                "f.yaml:8:20: dhcp.reservations[3].client_id: 'zz:zz'" + expected,
                "f.yaml:9:20: dhcp.reservations[4].client_id: '" + "ab".repeat(256) + "'" + expected,
                "f.yaml:10:20: dhcp.reservations[5].client_id: '\u0661\u0662\u0663\u0664'" + expected);
        DhcpConfig dhcp = dhcp(BASE + """
                  reservations:
                    - { client_id: "00:01", address: 192.168.77.10 }
                    - { client_id: "%s", address: 192.168.77.11 }
                """.formatted("ab".repeat(255)));
        assertThat(dhcp.reservations()).extracting(r -> r.clientIdBytes().orElseThrow().length).containsExactly(2, 255);
    }

    @Test
    void aReservationAddressIsIpv4() {
        assertThat(problems(BASE + "  reservations: [{ mac: \"52:54:00:12:34:56\", address: \"2001:db8::10\" }]\n"))
                .containsExactly("f.yaml:4:55: dhcp.reservations[0].address: 2001:db8::10 is not IPv4 " + IPV4);
    }

    @Test
    void aReservationNameIsOneHostLabel() throws Exception {
        String expected = " is not a host name (expected: " + HostLabels.EXPECTED + ")";
        for (String name : List.of("printer.lan", "-printer", "printer-", "print_er", "prin ter", "x".repeat(64), "drücker")) {
            assertThat(problems(BASE + "  reservations: [{ mac: \"52:54:00:12:34:56\", address: 192.168.77.10, "
                    + "name: \"" + name + "\" }]\n")).as(name).containsExactly(
                    "f.yaml:4:76: dhcp.reservations[0].name: '" + name + "'" + expected);
        }
        assertThat(dhcp(BASE + "  reservations: [{ mac: \"52:54:00:12:34:56\", address: 192.168.77.10, name: "
                + "x".repeat(63) + " }]\n").reservations().getFirst().name()).contains("x".repeat(63));
        assertThat(dhcp(BASE + "  reservations: [{ mac: \"52:54:00:12:34:56\", address: 192.168.77.10, name: 3d-Printer2 }]\n")
                .reservations().getFirst().name()).contains("3d-Printer2");
    }

    @Test
    void aReservationLeaseIsARangeLease() {
        String expected = " is outside 2m..136y (expected: such as 12h)";
        assertThat(problems(BASE + """
                  reservations:
                    - { mac: "52:54:00:12:34:56", address: 192.168.77.10, lease: 1m }
                    - { mac: "52:54:00:12:34:57", address: 192.168.77.11, lease: 4294967295s }
                """)).containsExactly(
                "f.yaml:5:66: dhcp.reservations[0].lease: lease 60s" + expected,
                "f.yaml:6:66: dhcp.reservations[1].lease: lease 4294967295s" + expected);
    }

    // ---------------------------------------------------------------------------------------------------
    // Rate limits
    // ---------------------------------------------------------------------------------------------------

    @Test
    void rateLimitsHaveBounds() throws Exception {
        assertThat(problems(BASE + "  rate_limit: { per_client: 0, per_client_burst: 0, total: -1, table_size: 255 }\n"))
                .containsExactly(
                        "f.yaml:4:29: dhcp.rate_limit.per_client: per_client must be 1..100000 (expected: 4 requests "
                                + "per second)",
                        "f.yaml:4:50: dhcp.rate_limit.per_client_burst: per_client_burst must be 1..100000 (expected: 16)",
                        "f.yaml:4:60: dhcp.rate_limit.total: total must be 0..10000000 (0 = no limit) (expected: 20000 "
                                + "requests per second)",
                        "f.yaml:4:76: dhcp.rate_limit.table_size: table_size must be 256..16777216 (expected: 65536)");
        assertThat(problems(BASE + "  rate_limit: { per_client: 100001, per_client_burst: 100001, total: 10000001, "
                + "table_size: 16777217 }\n")).hasSize(4);
        assertThat(dhcp(BASE + "  rate_limit: { per_client: 100000, per_client_burst: 100000, total: 10000000, "
                + "table_size: 16777216 }\n").rateLimit()).isEqualTo(new DhcpRateLimitConfig(100000, 100000, 10000000,
                16777216));
        assertThat(dhcp(BASE + "  rate_limit: { per_client: 1, per_client_burst: 1, total: 0, table_size: 256 }\n")
                .rateLimit()).isEqualTo(new DhcpRateLimitConfig(1, 1, 0, 256));
    }

    // ---------------------------------------------------------------------------------------------------
    // The whole section
    // ---------------------------------------------------------------------------------------------------

    @Test
    void everyProblemInTheSectionIsReportedAtOnce() {
        assertThat(problems("""
                dhcp:
                  interface: "eth 1"
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150, lease: 1m }
                    - { from: 192.168.77.100, to: 192.168.77.120 }
                  options:
                    domain: "bad..domain"
                    renewal_time: 1h
                    rebinding_time: 30m
                    extra: [{ code: 53, uint8: 1 }, { code: 252, hex: "zz" }]
                  reservations:
                    - { address: 192.168.77.10 }
                    - { mac: "52:54:00:12:34:56", address: 192.168.77.10, name: "a.b" }
                  lease_file: ""
                  probe_timeout: 1m
                  max_leases: 0
                  rate_limit: { table_size: 1 }
                """)).extracting(p -> p.substring(0, p.indexOf(": ", p.indexOf(": ") + 2))).containsExactly(
                "f.yaml:2:14: dhcp.interface",
                "f.yaml:4:57: dhcp.ranges[0].lease",
                "f.yaml:5:7: dhcp.ranges[1]",
                "f.yaml:7:13: dhcp.options.domain",
                "f.yaml:9:21: dhcp.options.rebinding_time",
                "f.yaml:10:21: dhcp.options.extra[0].code",
                "f.yaml:10:55: dhcp.options.extra[1].hex",
                "f.yaml:12:7: dhcp.reservations[0]",
                "f.yaml:13:44: dhcp.reservations[1].address",
                "f.yaml:13:65: dhcp.reservations[1].name",
                "f.yaml:14:15: dhcp.lease_file",
                "f.yaml:15:18: dhcp.probe_timeout",
                "f.yaml:16:15: dhcp.max_leases",
                "f.yaml:17:29: dhcp.rate_limit.table_size");
    }

    @Test
    void problemsInOtherSectionsAreReportedWithThese() {
        assertThat(problems("""
                ntp:
                  pools: [{ name: pool.ntp.org, max_sources: 0 }]
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.10 }]
                """)).extracting(p -> p.substring(0, p.indexOf(": ", p.indexOf(": ") + 2))).containsExactly(
                "f.yaml:2:46: ntp.pools[0].max_sources",
                "f.yaml:5:39: dhcp.ranges[0].to");
    }

    @Test
    void aChangedDhcpSectionIsNamedByTheDiff() throws Exception {
        EdgeplaneConfig before = loader.parse("f.yaml", BASE);
        EdgeplaneConfig same = loader.parse("f.yaml", """
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 1h }]
                  lease_file: /var/lib/edgeplane/dhcp.leases
                  rate_limit: { per_client: 4 }
                """);
        EdgeplaneConfig after = loader.parse("f.yaml", BASE + "  reservations: [{ mac: 52-54-00-12-34-56, address: 192.168.77.10 }]\n");
        EdgeplaneConfig respelled = loader.parse("f.yaml", BASE + "  reservations: [{ mac: 52:54:00:12:34:56, address: 192.168.77.10 }]\n");
        EdgeplaneConfig off = loader.parse("f.yaml", "");

        assertThat(ConfigDiff.changedSections(before, same)).isEmpty();
        assertThat(ConfigDiff.changedSections(before, after)).containsExactly("dhcp");
        assertThat(ConfigDiff.changedSections(after, respelled)).as("one MAC, two spellings").isEmpty();
        assertThat(ConfigDiff.changedSections(before, off)).containsExactly("dhcp");
        assertThat(off.dhcp()).isEmpty();
    }

    @Test
    void whatIsRenderedLoadsBackToTheSameConfig() throws Exception {
        EdgeplaneConfig config = loader.parse("f.yaml", """
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150, netmask: 255.255.255.0, lease: 12h }
                  options:
                    router: 192.168.77.1
                    dns_servers: [192.168.77.1]
                    domain: localdomain
                    renewal_time: 5h
                    rebinding_time: 10h30m
                    extra:
                      - { code: 252, text: "12:30" }
                      - { code: 224, hex: "0102" }
                      - { code: 225, addresses: [192.168.77.5] }
                      - { code: 226, uint32: 4294967295 }
                      - { code: 227, uint16: 65535 }
                      - { code: 228, uint8: 255 }
                  reservations:
                    - { mac: 52-54-00-AB-CD-EF, address: 192.168.77.10, name: printer, lease: 1d }
                    - { client_id: "01:52:54:00:ab:cd:ee", address: 192.168.77.60 }
                  authoritative: false
                  probe: false
                  decline_hold: 0
                """);
        Map<String, Object> tree = new ConfigRenderer(ScalarTypes.standard()).render(config);
        @SuppressWarnings("unchecked")
        Map<String, Object> dhcp = (Map<String, Object>) tree.get("dhcp");
        assertThat(dhcp.keySet()).contains("interface", "ranges", "options", "reservations", "lease_file");
        assertThat(dhcp.get("interface")).isEqualTo("eth1");
        assertThat(dhcp.get("reservations").toString()).contains("mac=52:54:00:ab:cd:ef");

        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(tree);

        assertThat(loader.parse("rendered.yaml", yaml)).isEqualTo(config);
    }
}
