package io.edgeplane.config.firewall;

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
import io.edgeplane.config.value.Cidr;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code firewall:} section through the loader: the seeds' ufw and iptables scripts in it, every key and default,
 * and every problem with its place, all reported at once.
 */
class FirewallConfigTest {

    private static final String ZONE_NAME = "(expected: " + ZoneConfig.NAME_EXPECTED + ")";
    private static final String NODE_SIDE = "has interfaces, and this side of the rule is the node itself, which only "
            + "addresses can name (expected: a zone of cidrs only, or the addresses themselves)";
    private static final String EVERYTHING_ALLOW = "the rule matches every packet (expected: from, to, interface, port "
            + "or protocol; or policy: accept)";
    private static final String EVERYTHING_DENY = "the rule matches every packet (expected: from, to, interface, port "
            + "or protocol; or policy: drop)";
    private static final String RATE_EXPECTED = "(expected: per_source: 25/minute (a bucket per client address) or "
            + "total: 25/minute (one bucket, as -m limit))";
    private static final String COMMENT = "the comment must be at most 120 printable ASCII characters without \" or \\ "
            + "(expected: such as SSH access)";
    private static final String PREFIX = "the prefix must be at most 64 printable ASCII characters without \", \\ or $ "
            + "(expected: such as edgeplane drop)";

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private FirewallConfig firewall(String yaml) throws Exception {
        return loader.parse("f.yaml", yaml).firewall().orElseThrow();
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("problems expected in:\n" + yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static FirewallRuleConfig rule(List<FlowPeer> from, List<FlowPeer> to, List<String> interfaces,
                                           List<PortRange> ports, Optional<IpProtocol> protocol,
                                           Optional<RateConfig> rate, Optional<String> comment) {
        return new FirewallRuleConfig(from, to, interfaces, ports, protocol, rate, comment);
    }

    private static FirewallRuleConfig port(String port, Optional<String> comment) throws Exception {
        return rule(List.of(), List.of(), List.of(), List.of(PortRange.parse(port)), Optional.empty(), Optional.empty(),
                comment);
    }

    private static FirewallRuleConfig from(String peer, Optional<String> comment) throws Exception {
        return rule(List.of(FlowPeer.parse(peer)), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                comment);
    }

    private static FirewallRuleConfig to(String peer, Optional<String> comment) throws Exception {
        return rule(List.of(), List.of(FlowPeer.parse(peer)), List.of(), List.of(), Optional.empty(), Optional.empty(),
                comment);
    }

    private static ZoneConfig cidrs(String... blocks) throws Exception {
        List<Cidr> cidrs = new java.util.ArrayList<>();
        for (String block : blocks) {
            cidrs.add(Cidr.parse(block));
        }
        return new ZoneConfig(List.of(), cidrs);
    }

    // ---------------------------------------------------------------------------------------------------
    // What loads
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aMinimalSectionIsUfwsDefaults() throws Exception {
        FirewallConfig firewall = firewall("firewall: { input: {} }\n");

        assertThat(firewall).isEqualTo(new FirewallConfig(Map.of(), new InputConfig(FirewallPolicy.DROP, List.of(),
                List.of(), true, true), Optional.empty(), Optional.empty(), false, Optional.empty(),
                FirewallConfig.OnStop.KEEP, "nft", Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(firewall.input().policy()).as("ufw default deny incoming").isEqualTo(FirewallPolicy.DROP);
        assertThat(firewall.input().ping()).as("ufw answers pings").isTrue();
        assertThat(firewall.forward()).as("no forward chain: routing is left alone").isEmpty();
        assertThat(firewall.output()).as("no output chain: ufw default allow outgoing").isEmpty();
        assertThat(firewall.onStop()).as("a firewall that vanishes with its daemon is a hole").isEqualTo(FirewallConfig.OnStop.KEEP);
        assertThat(firewall.autoAllow()).isFalse();
        assertThat(firewall.logDrops()).isEmpty();
    }

    @Test
    void anEmptySectionIsTheInputChainsDefaults() throws Exception {
        // Every key of input has a default, so leaving input out is the same as input: {}
        assertThat(firewall("firewall: {}\n")).isEqualTo(firewall("firewall: { input: {} }\n"));
    }

    @Test
    void chainsTakeTheirOwnDefaults() throws Exception {
        FirewallConfig firewall = firewall("firewall: { input: {}, forward: {}, output: {} }\n");

        assertThat(firewall.forward()).contains(new ForwardConfig(FirewallPolicy.DROP, List.of(), List.of(), true));
        assertThat(firewall.output()).contains(new OutputConfig(FirewallPolicy.ACCEPT, List.of(), List.of(), true));
    }

    @Test
    void theDyniaSeedsUfwScriptLoads() throws Exception {
        // setup-firewall.sh: default deny incoming / default allow outgoing, then its allow lines with their comments
        FirewallConfig firewall = firewall("""
                firewall:
                  input:
                    policy: drop
                    allow:
                      - { port: 22/tcp, comment: SSH access }
                      - { port: 80/tcp, comment: HTTP traffic }
                      - { port: 443/tcp, comment: HTTPS traffic }
                      - { from: 10.0.0.0/8, port: 8404, comment: HAProxy stats internal }
                      - { from: 224.0.0.0/8, comment: VRRP multicast }
                      - { to: 224.0.0.0/8, comment: VRRP multicast }
                      - { from: 10.0.0.0/8, comment: Inter-node communication }
                      - { from: 172.16.0.0/12, comment: Docker networks }
                """);

        assertThat(firewall.input().allow()).containsExactly(
                port("22/tcp", Optional.of("SSH access")),
                port("80/tcp", Optional.of("HTTP traffic")),
                port("443/tcp", Optional.of("HTTPS traffic")),
                rule(List.of(FlowPeer.parse("10.0.0.0/8")), List.of(), List.of(), List.of(PortRange.parse("8404")),
                        Optional.empty(), Optional.empty(), Optional.of("HAProxy stats internal")),
                from("224.0.0.0/8", Optional.of("VRRP multicast")),
                to("224.0.0.0/8", Optional.of("VRRP multicast")),
                from("10.0.0.0/8", Optional.of("Inter-node communication")),
                from("172.16.0.0/12", Optional.of("Docker networks")));
        assertThat(firewall.input().allow().get(3).transports(firewall.input().allow().get(3).ports().getFirst()))
                .as("ufw's 'to any port 8404' without proto is TCP and UDP")
                .containsExactly(PortRange.Transport.TCP, PortRange.Transport.UDP);
        assertThat(firewall.output()).as("default allow outgoing").isEmpty();
    }

    @Test
    void theChronosyncSeedsIptablesScriptLoads() throws Exception {
        // iptables.sh and "Network Hardening": no default policy is set, so the chains accept what no rule names
        FirewallConfig firewall = firewall("""
                firewall:
                  zones:
                    it: { cidrs: [192.168.200.0/24] }
                    ot: { cidrs: [192.168.100.0/24] }
                  input:
                    policy: accept
                    allow:
                      - { interface: docker0 }
                      - { port: 8080/tcp, rate: { total: 25/minute, burst: 100 } }
                  forward:
                    policy: accept
                    established: false
                    deny: [{ from: ot, to: it }]
                """);

        Map<String, ZoneConfig> zones = new LinkedHashMap<>();
        zones.put("it", cidrs("192.168.200.0/24"));
        zones.put("ot", cidrs("192.168.100.0/24"));
        assertThat(firewall.zones()).isEqualTo(zones);
        assertThat(firewall.zones().keySet()).as("file order, which the sets come out in").containsExactly("it", "ot");
        assertThat(firewall.zone("it")).contains(cidrs("192.168.200.0/24"));
        assertThat(firewall.zone("dmz")).isEmpty();
        assertThat(firewall.input()).isEqualTo(new InputConfig(FirewallPolicy.ACCEPT, List.of(
                rule(List.of(), List.of(), List.of("docker0"), List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                rule(List.of(), List.of(), List.of(), List.of(PortRange.parse("8080/tcp")), Optional.empty(),
                        Optional.of(new RateConfig(Optional.empty(), Optional.of(PacketRate.parse("25/minute")), 100)),
                        Optional.empty())),
                List.of(), true, true));
        assertThat(firewall.forward()).contains(new ForwardConfig(FirewallPolicy.ACCEPT, List.of(), List.of(
                rule(List.of(new FlowPeer.Zone("ot")), List.of(new FlowPeer.Zone("it")), List.of(), List.of(),
                        Optional.empty(), Optional.empty(), Optional.empty())), false));
    }

    @Test
    void everyKeyOfARuleBinds() throws Exception {
        FirewallConfig firewall = firewall("""
                firewall:
                  zones:
                    cluster: { cidrs: [10.0.0.0/8, "2001:db8::/32"] }
                    lan: { interfaces: [eth1, br-*] }
                  input:
                    allow:
                      - from: [cluster, 192.168.1.7]
                        to: [10.0.0.1]
                        interface: [eth0, "veth*"]
                        port: [8000-8100/tcp, 9000]
                        protocol: tcp
                        rate: { per_source: 10/second, burst: 20 }
                        comment: every key
                      - { from: lan, interface: eth0, port: 22/tcp, protocol: 6 }
                      - { protocol: vrrp, from: cluster }
                """);

        assertThat(firewall.zones().get("lan")).isEqualTo(new ZoneConfig(List.of("eth1", "br-*"), List.of()));
        assertThat(firewall.input().allow()).containsExactly(
                rule(List.of(new FlowPeer.Zone("cluster"), FlowPeer.parse("192.168.1.7")), List.of(FlowPeer.parse("10.0.0.1")),
                        List.of("eth0", "veth*"), List.of(PortRange.parse("8000-8100/tcp"), PortRange.parse("9000")),
                        Optional.of(IpProtocol.TCP),
                        Optional.of(new RateConfig(Optional.of(PacketRate.parse("10/second")), Optional.empty(), 20)),
                        Optional.of("every key")),
                rule(List.of(new FlowPeer.Zone("lan")), List.of(), List.of("eth0"), List.of(PortRange.parse("22/tcp")),
                        Optional.of(IpProtocol.TCP), Optional.empty(), Optional.empty()),
                rule(List.of(new FlowPeer.Zone("cluster")), List.of(), List.of(), List.of(), Optional.of(IpProtocol.VRRP),
                        Optional.empty(), Optional.empty()));
        RateConfig rate = firewall.input().allow().getFirst().rate().orElseThrow();
        assertThat(rate.isPerSource()).isTrue();
        assertThat(rate.rate()).isEqualTo(PacketRate.parse("10/second"));
    }

    @Test
    void aRateBurstDefaultsToIptablesFive() throws Exception {
        RateConfig rate = firewall("firewall: { input: { allow: [{ port: 80/tcp, rate: { total: 10/second } }] } }\n")
                .input().allow().getFirst().rate().orElseThrow();

        assertThat(rate).isEqualTo(new RateConfig(Optional.empty(), Optional.of(PacketRate.parse("10/second")),
                RateConfig.DEFAULT_BURST));
        assertThat(rate.burst()).isEqualTo(5);
        assertThat(rate.isPerSource()).isFalse();
    }

    @Test
    void logDropsIsUfwsLoggingLowOrJustARate() throws Exception {
        assertThat(firewall("firewall: { log_drops: {} }\n").logDrops())
                .contains(new DropLogConfig(PacketRate.parse("3/minute"), 10, "edgeplane drop"));
        assertThat(firewall("firewall: { log_drops: 5/min }\n").logDrops())
                .contains(new DropLogConfig(PacketRate.parse("5/minute"), 10, "edgeplane drop"));
        assertThat(firewall("firewall: { log_drops: { rate: 1/second, burst: 1, prefix: \"[UFW BLOCK]\" } }\n").logDrops())
                .contains(new DropLogConfig(PacketRate.parse("1/second"), 1, "[UFW BLOCK]"));
        assertThat(firewall("firewall: { log_drops: { prefix: \"" + "p".repeat(64) + "\" } }\n").logDrops().orElseThrow()
                .prefix()).hasSize(DropLogConfig.MAX_PREFIX);
    }

    @Test
    void theRestOfTheSectionBinds() throws Exception {
        FirewallConfig firewall = firewall("""
                firewall:
                  input: { policy: reject, established: false, ping: false }
                  forward: { policy: reject, established: false }
                  output: { policy: drop, established: false }
                  auto_allow: true
                  on_stop: remove
                  nft: /usr/sbin/nft
                  timeout: 1m
                  check_interval: 5s
                """);

        assertThat(firewall).isEqualTo(new FirewallConfig(Map.of(),
                new InputConfig(FirewallPolicy.REJECT, List.of(), List.of(), false, false),
                Optional.of(new ForwardConfig(FirewallPolicy.REJECT, List.of(), List.of(), false)),
                Optional.of(new OutputConfig(FirewallPolicy.DROP, List.of(), List.of(), false)),
                true, Optional.empty(), FirewallConfig.OnStop.REMOVE, "/usr/sbin/nft", Duration.ofMinutes(1),
                Duration.ofSeconds(5)));
        assertThat(firewall("firewall: { timeout: 1s }\n").timeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theNodesOwnSideMayNameZonesOfAddresses() throws Exception {
        // A zone of cidrs alone may stand for the node's own addresses; interfaces may stand for the far side
        assertThat(firewall("""
                firewall:
                  zones:
                    vips: { cidrs: [192.0.2.10] }
                    lan: { interfaces: [eth1] }
                  input: { allow: [{ from: lan, to: vips }] }
                  forward: { allow: [{ from: lan, to: lan }] }
                  output: { allow: [{ from: vips, to: lan }] }
                """).input().allow()).hasSize(1);
    }

    @Test
    void aChangedFirewallIsAChangedSection() throws Exception {
        EdgeplaneConfig before = loader.parse("f.yaml", "firewall: { input: { allow: [{ port: 22/tcp }] } }\n");
        EdgeplaneConfig same = loader.parse("f.yaml", "firewall:\n  input:\n    allow:\n      - port: 22/tcp\n");
        EdgeplaneConfig after = loader.parse("f.yaml", "firewall: { input: { allow: [{ port: 2222/tcp }] } }\n");
        EdgeplaneConfig off = loader.parse("f.yaml", "node: {}\n");

        assertThat(ConfigDiff.changedSections(before, same)).isEmpty();
        assertThat(ConfigDiff.changedSections(before, after)).containsExactly("firewall");
        assertThat(ConfigDiff.changedSections(before, off)).containsExactly("firewall");
    }

    @Test
    void whatIsRenderedLoadsBackToTheSameConfig() throws Exception {
        EdgeplaneConfig config = loader.parse("f.yaml", """
                firewall:
                  zones:
                    cluster: { cidrs: [10.0.0.0/8, "2001:db8::/32", 192.168.1.7] }
                    lan: { interfaces: [eth1, br-*] }
                  input:
                    policy: reject
                    allow:
                      - { from: [cluster, 172.16.0.0/12], port: [22/tcp, 53, 8000-8100/udp], comment: "ssh, dns" }
                      - { protocol: vrrp, to: [224.0.0.18] }
                      - { protocol: 200, interface: [eth0] }
                      - { port: 8080/tcp, rate: { per_source: 25/minute, burst: 100 } }
                    deny: [{ from: lan, port: 23 }]
                  forward: { deny: [{ from: lan, to: cluster }] }
                  output: { allow: [{ to: cluster, port: 443/tcp, rate: { total: 10/second } }] }
                  auto_allow: true
                  log_drops: { rate: 5/minute, prefix: fw }
                  on_stop: remove
                """);

        Map<String, Object> tree = new ConfigRenderer(ScalarTypes.standard()).render(config);
        @SuppressWarnings("unchecked")
        Map<String, Object> firewall = (Map<String, Object>) tree.get("firewall");
        assertThat(firewall.keySet()).containsExactly("zones", "input", "forward", "output", "auto_allow", "log_drops",
                "on_stop", "nft", "timeout", "check_interval");
        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(tree);

        assertThat(loader.parse("rendered.yaml", yaml)).isEqualTo(config);
    }

    // ---------------------------------------------------------------------------------------------------
    // Problems
    // ---------------------------------------------------------------------------------------------------

    @Test
    void anUnknownZoneIsNamedWithTheZonesThereAre() {
        assertThat(problems("""
                firewall:
                  zones:
                    ot: { cidrs: [192.168.100.0/24] }
                    it: { cidrs: [192.168.200.0/24] }
                  input:
                    allow: [{ from: [it, dmz], port: 22/tcp }]
                    deny: [{ to: [lan] }]
                  forward:
                    allow: [{ from: ot, to: [it, iot] }]
                    deny: [{ from: guest }]
                  output:
                    allow: [{ to: [wan] }]
                    deny: [{ from: [vips] }]
                """)).containsExactly(
                "f.yaml:6:26: firewall.input.allow[0].from[1]: no zone is named 'dmz' (expected: one of it, ot, or a CIDR block)",
                "f.yaml:7:19: firewall.input.deny[0].to[0]: no zone is named 'lan' (expected: one of it, ot, or a CIDR block)",
                "f.yaml:9:34: firewall.forward.allow[0].to[1]: no zone is named 'iot' (expected: one of it, ot, or a CIDR block)",
                "f.yaml:10:20: firewall.forward.deny[0].from[0]: no zone is named 'guest' (expected: one of it, ot, or a CIDR block)",
                "f.yaml:12:20: firewall.output.allow[0].to[0]: no zone is named 'wan' (expected: one of it, ot, or a CIDR block)",
                "f.yaml:13:21: firewall.output.deny[0].from[0]: no zone is named 'vips' (expected: one of it, ot, or a CIDR block)");
        assertThat(problems("firewall: { input: { allow: [{ from: cluster }] } }\n")).containsExactly(
                "f.yaml:1:38: firewall.input.allow[0].from[0]: no zone is named 'cluster' (expected: a zone defined under "
                        + "firewall.zones, or a CIDR block)");
    }

    @Test
    void aZoneNeedsInterfacesOrCidrs() {
        String message = "the zone has no interfaces and no cidrs (expected: cidrs: [192.168.200.0/24], interfaces: [eth2], "
                + "or both)";
        assertThat(problems("""
                firewall:
                  zones:
                    empty: {}
                    lists: { interfaces: [], cidrs: [] }
                """)).containsExactly(
                "f.yaml:3:12: firewall.zones.empty: " + message,
                "f.yaml:4:12: firewall.zones.lists: " + message);
    }

    @Test
    void zoneNamesAreShortLowerCaseIdentifiers() {
        assertThat(problems("""
                firewall:
                  zones:
                    IT: { cidrs: [192.168.200.0/24] }
                    2nd: { cidrs: [10.0.0.0/8] }
                    it-net: { cidrs: [10.0.0.0/8] }
                    a_zone_name_that_is_33_chars_long: { cidrs: [10.0.0.0/8] }
                    a_zone_name_that_is_32_chars_lon: { cidrs: [10.0.0.0/8] }
                """)).containsExactly(
                "f.yaml:3:9: firewall.zones.IT: 'IT' is not a zone name " + ZONE_NAME,
                "f.yaml:4:10: firewall.zones.2nd: '2nd' is not a zone name " + ZONE_NAME,
                "f.yaml:5:13: firewall.zones.it-net: 'it-net' is not a zone name " + ZONE_NAME,
                "f.yaml:6:40: firewall.zones.a_zone_name_that_is_33_chars_long: 'a_zone_name_that_is_33_chars_long' is "
                        + "not a zone name " + ZONE_NAME);
    }

    @Test
    void aZoneOfInterfacesCannotNameTheNodesOwnSide() {
        // The input chain's destination and the output chain's source are the node: no interface to match there
        assertThat(problems("""
                firewall:
                  zones:
                    lan: { interfaces: [eth1], cidrs: [192.168.1.0/24] }
                  input:
                    allow: [{ to: [lan], port: 22/tcp }]
                  output:
                    deny: [{ from: lan }]
                """)).containsExactly(
                "f.yaml:5:20: firewall.input.allow[0].to[0]: zone 'lan' " + NODE_SIDE,
                "f.yaml:7:20: firewall.output.deny[0].from[0]: zone 'lan' " + NODE_SIDE);
    }

    @Test
    void aRuleThatMatchesEveryPacketIsThePolicysJob() {
        assertThat(problems("""
                firewall:
                  input:
                    allow: [{}, { comment: all }, { rate: { total: 1/second } }]
                    deny: [{ comment: none }]
                  forward: { allow: [{}], deny: [{}] }
                  output: { allow: [{}], deny: [{}] }
                """)).containsExactly(
                "f.yaml:3:13: firewall.input.allow[0]: " + EVERYTHING_ALLOW,
                "f.yaml:3:17: firewall.input.allow[1]: " + EVERYTHING_ALLOW,
                "f.yaml:3:35: firewall.input.allow[2]: " + EVERYTHING_ALLOW,
                "f.yaml:4:12: firewall.input.deny[0]: " + EVERYTHING_DENY,
                "f.yaml:5:22: firewall.forward.allow[0]: " + EVERYTHING_ALLOW,
                "f.yaml:5:34: firewall.forward.deny[0]: " + EVERYTHING_DENY,
                "f.yaml:6:21: firewall.output.allow[0]: " + EVERYTHING_ALLOW,
                "f.yaml:6:33: firewall.output.deny[0]: " + EVERYTHING_DENY);
    }

    @Test
    void aDenyRuleHasNoRate() {
        assertThat(problems("""
                firewall:
                  input:
                    deny: [{ port: 22/tcp, rate: { total: 1/second } }]
                  forward:
                    deny: [{ from: 10.0.0.0/8, rate: { per_source: 1/second } }]
                """)).containsExactly(
                "f.yaml:3:34: firewall.input.deny[0].rate: a deny rule has no rate (expected: rate on an allow rule: it "
                        + "accepts up to the rate and denies the rest)",
                "f.yaml:5:38: firewall.forward.deny[0].rate: a deny rule has no rate (expected: rate on an allow rule: it "
                        + "accepts up to the rate and denies the rest)");
    }

    @Test
    void aRateIsPerSourceOrTotal() {
        assertThat(problems("""
                firewall:
                  input:
                    allow:
                      - { port: 22/tcp, rate: { per_source: 25/minute, total: 100/minute } }
                      - { port: 80/tcp, rate: { burst: 100 } }
                      - { port: 81/tcp, rate: {} }
                """)).containsExactly(
                "f.yaml:4:31: firewall.input.allow[0].rate: per_source and total are both given " + RATE_EXPECTED,
                "f.yaml:5:31: firewall.input.allow[1].rate: the rate is missing " + RATE_EXPECTED,
                "f.yaml:6:31: firewall.input.allow[2].rate: the rate is missing " + RATE_EXPECTED);
    }

    @Test
    void aBurstIs1To1000000AndMustRefillWithinWhatNftCanCount() throws Exception {
        assertThat(problems("""
                firewall:
                  input:
                    allow:
                      - { port: 22/tcp, rate: { total: 25/minute, burst: 0 } }
                      - { port: 23/tcp, rate: { total: 25/minute, burst: 1000001 } }
                      - { port: 24/tcp, rate: { per_source: 1/week, burst: 1000000 } }
                      - { port: 25/tcp, rate: { total: 1/week, burst: 15251 } }
                  log_drops: { rate: 1/week, burst: 20000 }
                """)).containsExactly(
                "f.yaml:4:58: firewall.input.allow[0].rate.burst: burst must be 1..1000000 (expected: such as 100, as "
                        + "--limit-burst 100)",
                "f.yaml:5:58: firewall.input.allow[1].rate.burst: burst must be 1..1000000 (expected: such as 100, as "
                        + "--limit-burst 100)",
                "f.yaml:6:60: firewall.input.allow[2].rate.burst: burst 1000000 at 1/week takes 7000000 days to fill, "
                        + "more than the 292 years nftables can count (expected: a smaller burst or a higher rate)",
                "f.yaml:7:55: firewall.input.allow[3].rate.burst: burst 15251 at 1/week takes 106757 days to fill, "
                        + "more than the 292 years nftables can count (expected: a smaller burst or a higher rate)",
                "f.yaml:8:37: firewall.log_drops.burst: burst 20000 at 1/week takes 140000 days to fill, more than the "
                        + "292 years nftables can count (expected: a smaller burst or a higher rate)");
        assertThat(firewall("firewall: { input: { allow: [{ port: 22/tcp, rate: { total: 1/week, burst: 15250 } }] } }\n")
                .input().allow().getFirst().rate().orElseThrow().burst()).isEqualTo(15_250);
        assertThat(firewall("firewall: { input: { allow: [{ port: 22/tcp, rate: { total: 1000000/second, burst: 1000000 } }] } }\n")
                .input().allow().getFirst().rate().orElseThrow().burst()).isEqualTo(RateConfig.MAX_BURST);
    }

    @Test
    void portsMustBeOfTheProtocolGiven() {
        assertThat(problems("""
                firewall:
                  input:
                    allow:
                      - { port: [53/udp, 22/tcp, 80], protocol: tcp }
                      - { port: 112, protocol: vrrp }
                      - { port: [8/udp], protocol: icmp }
                      - { port: 9899/tcp, protocol: sctp }
                """)).containsExactly(
                "f.yaml:4:18: firewall.input.allow[0].port[0]: port 53/udp contradicts protocol tcp (expected: the port "
                        + "alone, such as 53, with protocol tcp)",
                "f.yaml:5:32: firewall.input.allow[1].protocol: protocol vrrp has no ports (expected: tcp, udp or sctp "
                        + "with port, or no port with vrrp)",
                "f.yaml:6:36: firewall.input.allow[2].protocol: protocol icmp has no ports (expected: tcp, udp or sctp "
                        + "with port, or no port with icmp)",
                "f.yaml:7:17: firewall.input.allow[3].port[0]: port 9899/tcp contradicts protocol sctp (expected: the port "
                        + "alone, such as 9899, with protocol sctp)");
    }

    @Test
    void aCommentIsShortPrintableAsciiWithoutQuotes() throws Exception {
        assertThat(problems("""
                firewall:
                  input:
                    allow:
                      - { port: 22/tcp, comment: "say \\"hi\\"" }
                      - { port: 23/tcp, comment: "back\\\\slash" }
                      - { port: 24/tcp, comment: "ünïcode" }
                      - { port: 25/tcp, comment: "tab\\there" }
                      - { port: 26/tcp, comment: "%s" }
                """.replace("%s", "c".repeat(121)))).containsExactly(
                "f.yaml:4:34: firewall.input.allow[0].comment: " + COMMENT,
                "f.yaml:5:34: firewall.input.allow[1].comment: " + COMMENT,
                "f.yaml:6:34: firewall.input.allow[2].comment: " + COMMENT,
                "f.yaml:7:34: firewall.input.allow[3].comment: " + COMMENT,
                "f.yaml:8:34: firewall.input.allow[4].comment: " + COMMENT);
        String longest = "c".repeat(FirewallRuleConfig.MAX_COMMENT);
        assertThat(firewall("firewall: { input: { allow: [{ port: 22/tcp, comment: \"" + longest + "\" }] } }\n")
                .input().allow().getFirst().comment()).contains(longest);
        assertThat(firewall("firewall: { input: { allow: [{ port: 22/tcp, comment: \"it's $1 #x {y}\" }] } }\n")
                .input().allow().getFirst().comment()).as("nft takes these in a comment").contains("it's $1 #x {y}");
    }

    @Test
    void aLogPrefixIsShortPrintableAsciiWithoutQuotesOrDollars() {
        assertThat(problems("""
                firewall:
                  log_drops: { prefix: "a \\"b\\"" }
                """)).containsExactly("f.yaml:2:24: firewall.log_drops.prefix: " + PREFIX);
        assertThat(problems("firewall: { log_drops: { prefix: \"cost $x\" } }\n"))
                .as("nft reads $x as a variable, even between quotes")
                .containsExactly("f.yaml:1:34: firewall.log_drops.prefix: " + PREFIX);
        assertThat(problems("firewall: { log_drops: { prefix: \"" + "p".repeat(65) + "\" } }\n"))
                .containsExactly("f.yaml:1:34: firewall.log_drops.prefix: " + PREFIX);
        assertThat(problems("firewall: { log_drops: { prefix: \"d\u00e9j\u00e0\", burst: 0 } }\n")).containsExactly(
                "f.yaml:1:34: firewall.log_drops.prefix: " + PREFIX,
                "f.yaml:1:49: firewall.log_drops.burst: burst must be 1..1000000 (expected: 10)");
    }

    @Test
    void theTimeoutIs1sTo1m() {
        String expected = "timeout must be 1s..1m (expected: 10s)";
        assertThat(problems("firewall: { timeout: 999ms }\n")).containsExactly("f.yaml:1:22: firewall.timeout: " + expected);
        assertThat(problems("firewall: { timeout: 61s }\n")).containsExactly("f.yaml:1:22: firewall.timeout: " + expected);
        assertThat(problems("firewall: { timeout: 0 }\n")).containsExactly("f.yaml:1:22: firewall.timeout: " + expected);
    }

    @Test
    void theNftProgramIsNamed() {
        assertThat(problems("firewall: { nft: \" \" }\n")).containsExactly(
                "f.yaml:1:18: firewall.nft: the nft program is empty (expected: nft, or a path such as /usr/sbin/nft)");
    }

    @Test
    void interfacesAreKernelNamesOrPrefixes() {
        String expected = "(expected: " + InterfacePatterns.EXPECTED + ")";
        assertThat(problems("""
                firewall:
                  zones:
                    lan: { interfaces: ["eth1:0", "*"] }
                  input:
                    allow: [{ interface: [br*x, a-name-too-long-x], port: 22/tcp }]
                """)).containsExactly(
                "f.yaml:3:25: firewall.zones.lan.interfaces[0]: 'eth1:0' is not an interface name " + expected,
                "f.yaml:3:35: firewall.zones.lan.interfaces[1]: '*' is not an interface name " + expected,
                "f.yaml:5:27: firewall.input.allow[0].interface[0]: 'br*x' is not an interface name " + expected,
                "f.yaml:5:33: firewall.input.allow[0].interface[1]: 'a-name-too-long-x' is not an interface name " + expected);
    }

    @Test
    void badValuesAreReportedWhereTheyAreWritten() {
        assertThat(problems("""
                firewall:
                  input:
                    allow:
                      - { from: [Bad-Name, 10.0.0.0/33], port: [0, 22/tcpx, 80-79, abc] }
                      - { protocol: foo, rate: { total: 25 } }
                      - { port: 22/tcp, rate: { per_source: 5/fortnight } }
                    policy: maybe
                  on_stop: sometimes
                """)).containsExactly(
                "f.yaml:4:18: firewall.input.allow[0].from[0]: 'Bad-Name' is neither a zone name nor an address block "
                        + "(a zone name is " + ZoneConfig.NAME_EXPECTED + ") (expected: " + FlowPeer.EXPECTED + ")",
                "f.yaml:4:28: firewall.input.allow[0].from[1]: '/33' in '10.0.0.0/33' is not a prefix length of 0..32 "
                        + "(expected: " + FlowPeer.EXPECTED + ")",
                "f.yaml:4:49: firewall.input.allow[0].port[0]: port 0 in '0' is not 1..65535 (expected: "
                        + PortRange.EXPECTED + ")",
                "f.yaml:4:52: firewall.input.allow[0].port[1]: 'tcpx' in '22/tcpx' is not tcp, udp or sctp (expected: "
                        + PortRange.EXPECTED + ")",
                "f.yaml:4:61: firewall.input.allow[0].port[2]: the range '80-79' ends before it starts (expected: "
                        + PortRange.EXPECTED + ")",
                "f.yaml:4:68: firewall.input.allow[0].port[3]: 'abc' is not a port or a range of ports (expected: "
                        + PortRange.EXPECTED + ")",
                "f.yaml:5:21: firewall.input.allow[1].protocol: 'foo' is not an IP protocol (expected: "
                        + IpProtocol.EXPECTED + ")",
                "f.yaml:5:41: firewall.input.allow[1].rate.total: '25' is not a rate (expected: " + PacketRate.EXPECTED + ")",
                "f.yaml:6:45: firewall.input.allow[2].rate.per_source: 'fortnight' in '5/fortnight' is not second, minute, "
                        + "hour, day or week (expected: " + PacketRate.EXPECTED + ")",
                "f.yaml:7:13: firewall.input.policy: 'maybe' is not a known choice (expected: one of accept, drop, reject)",
                "f.yaml:8:12: firewall.on_stop: 'sometimes' is not a known choice (expected: one of keep, remove)");
    }

    @Test
    void aMisspelledKeyIsNamed() {
        // The rule is bound without the key it does not know, so it also names nothing
        assertThat(problems("firewall: { input: { allow: [{ ports: 22/tcp }] } }\n")).containsExactly(
                "f.yaml:1:30: firewall.input.allow[0]: " + EVERYTHING_ALLOW,
                "f.yaml:1:32: firewall.input.allow[0].ports: unknown key 'ports'; did you mean 'port'? (expected: one of "
                        + "from, to, interface, port, protocol, rate, comment)");
    }

    @Test
    void everyProblemOfTheSectionIsReportedAtOnce() {
        assertThat(problems("""
                firewall:
                  zones:
                    lan: { interfaces: [eth1] }
                    none: {}
                  input:
                    allow:
                      - { to: lan, port: 22/tcp }
                      - { port: 53, protocol: vrrp, comment: "\\"" }
                    deny:
                      - { from: wan, rate: { total: 1/second } }
                  forward:
                    allow: [{}]
                  output:
                    allow: [{ from: lan }]
                  log_drops: { prefix: "$" }
                  timeout: 2m
                """)).containsExactly(
                "f.yaml:4:11: firewall.zones.none: the zone has no interfaces and no cidrs (expected: cidrs: "
                        + "[192.168.200.0/24], interfaces: [eth2], or both)",
                "f.yaml:7:15: firewall.input.allow[0].to[0]: zone 'lan' " + NODE_SIDE,
                "f.yaml:8:31: firewall.input.allow[1].protocol: protocol vrrp has no ports (expected: tcp, udp or sctp "
                        + "with port, or no port with vrrp)",
                "f.yaml:8:46: firewall.input.allow[1].comment: " + COMMENT,
                "f.yaml:10:17: firewall.input.deny[0].from[0]: no zone is named 'wan' (expected: one of lan, none, or a "
                        + "CIDR block)",
                "f.yaml:10:28: firewall.input.deny[0].rate: a deny rule has no rate (expected: rate on an allow rule: it "
                        + "accepts up to the rate and denies the rest)",
                "f.yaml:12:13: firewall.forward.allow[0]: " + EVERYTHING_ALLOW,
                "f.yaml:14:21: firewall.output.allow[0].from[0]: zone 'lan' " + NODE_SIDE,
                "f.yaml:15:24: firewall.log_drops.prefix: " + PREFIX,
                "f.yaml:16:12: firewall.timeout: timeout must be 1s..1m (expected: 10s)");
    }

    @Test
    void aPerSourceRateOnTheOutputChainIsRefused() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> new ConfigLoader(Variables.of(Map.of()))
                .parse("f.yaml", "firewall:\n  output: { allow: [{ port: 25/tcp, rate: { per_source: 10/minute } }] }\n"));
        assertThat(e.problems()).extracting(Object::toString).containsExactly("f.yaml:2:43: firewall.output.allow[0].rate: "
                + "per_source on the output chain would count by the node's own address (expected: total: a rate for "
                + "everything the rule matches)");
    }
}
