package io.edgeplane.firewall.compile;

import static io.edgeplane.firewall.compile.CompiledListing.FORWARD_START;
import static io.edgeplane.firewall.compile.CompiledListing.INPUT_PING_DHCP;
import static io.edgeplane.firewall.compile.CompiledListing.INPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.OUTPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.concat;
import static io.edgeplane.firewall.compile.CompiledListing.ruleset;
import static io.edgeplane.firewall.compile.CompiledListing.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftSet;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How one config rule becomes nft rules: ports and protocols, zones as named sets, address blocks and interfaces,
 * IPv4 and IPv6 kept apart, comments, and repeats removed.
 */
class RuleMatchesTest {

    /** The input chain's rules between the built-ins and the policy: what the config's allow list made. */
    private static List<String> allowed(String rulesYaml) {
        List<String> input = statements("firewall:\n  input:\n    allow:\n" + rulesYaml.indent(6), "input");
        int start = INPUT_START.size() + INPUT_PING_DHCP.size();
        assertThat(input.subList(0, start)).isEqualTo(concat(INPUT_START, INPUT_PING_DHCP));
        assertThat(input.getLast()).isEqualTo("goto input_deny");
        return input.subList(start, input.size() - 1);
    }

    private static NftSet set(Ruleset ruleset, String name) {
        return ruleset.sets().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no set " + name + " in " + ruleset.sets()));
    }

    // ---------------------------------------------------------------------------------------------------
    // Ports and protocols
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aPortWithoutItsTransportIsTcpAndUdpAsInUfw() {
        assertThat(allowed("- { port: 53 }")).containsExactly("meta l4proto { tcp, udp } th dport 53 accept");
        assertThat(allowed("- { port: 8000-8100 }")).containsExactly("meta l4proto { tcp, udp } th dport 8000-8100 accept");
    }

    @Test
    void aPortsTransportOrTheRulesProtocolNamesOne() {
        assertThat(allowed("""
                - { port: 22/tcp }
                - { port: 123/udp }
                - { port: 9899/sctp }
                - { port: 53, protocol: udp }
                - { port: 5201, protocol: tcp }
                - { port: 2905, protocol: sctp }
                """)).containsExactly(
                "tcp dport 22 accept",
                "udp dport 123 accept",
                "sctp dport 9899 accept",
                "udp dport 53 accept",
                "tcp dport 5201 accept",
                "sctp dport 2905 accept");
    }

    @Test
    void portsOfOneTransportShareARuleInPortOrder() {
        assertThat(allowed("- { port: [443/tcp, 22/tcp, 80/tcp, 22/tcp, 8000-8100/tcp] }"))
                .containsExactly("tcp dport { 22, 80, 443, 8000-8100 } accept");
        // Transports in the order they first appear; ports without one stay together
        assertThat(allowed("- { port: [53, 443/tcp, 123/udp, 853, 80/tcp] }")).containsExactly(
                "meta l4proto { tcp, udp } th dport { 53, 853 } accept",
                "tcp dport { 80, 443 } accept",
                "udp dport 123 accept");
    }

    @Test
    void aProtocolWithoutPortsMatchesTheProtocol() {
        assertThat(allowed("""
                - { protocol: vrrp }
                - { protocol: gre }
                - { protocol: esp }
                - { protocol: tcp }
                - { protocol: 200 }
                - { protocol: icmp }
                - { protocol: icmpv6 }
                """)).containsExactly(
                "meta l4proto vrrp accept",
                "meta l4proto gre accept",
                "meta l4proto esp accept",
                "meta l4proto tcp accept",
                "meta l4proto 200 accept",
                "meta l4proto icmp accept",
                "meta l4proto ipv6-icmp accept");
    }

    // ---------------------------------------------------------------------------------------------------
    // Address blocks
    // ---------------------------------------------------------------------------------------------------

    @Test
    void blocksWrittenInPlaceShareOneAnonymousSetPerIpVersion() {
        assertThat(allowed("""
                - { from: [172.16.0.0/12, 10.0.0.0/8, "2001:db8::/32", 192.168.1.7, "fd00::1"], port: 22/tcp }
                - { from: 10.0.0.0/8, to: 10.0.0.1, protocol: vrrp }
                """)).containsExactly(
                "ip saddr { 10.0.0.0/8, 172.16.0.0/12, 192.168.1.7 } tcp dport 22 accept",
                "ip6 saddr { 2001:db8::/32, fd00::1 } tcp dport 22 accept",
                "ip saddr 10.0.0.0/8 ip daddr 10.0.0.1 meta l4proto vrrp accept");
    }

    @Test
    void aBlockInsideAnotherIsLeftOutAsNftWouldMergeIt() {
        assertThat(allowed("- { from: [10.1.0.0/16, 10.0.0.0/8, 10.1.2.3, 10.0.0.0/8, 192.168.0.0/16], port: 22/tcp }"))
                .containsExactly("ip saddr { 10.0.0.0/8, 192.168.0.0/16 } tcp dport 22 accept");
        assertThat(allowed("- { from: [10.1.2.3, 10.1.2.3/32], port: 22/tcp }")).containsExactly(
                "ip saddr 10.1.2.3 tcp dport 22 accept");
    }

    @Test
    void blocksOfDifferentIpVersionsNeverMeetInOneRule() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input:
                    allow:
                      - { from: [10.0.0.0/8, "2001:db8::/32"], to: ["2001:db8::1"], port: 22/tcp }
                      - { from: 10.0.0.0/8, to: "2001:db8::1", port: 22/tcp }
                      - { from: "2001:db8::/32", protocol: icmp }
                      - { from: 10.0.0.0/8, protocol: icmpv6 }
                      - { from: 10.0.0.0/8, protocol: icmp }
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "ip6 saddr 2001:db8::/32 ip6 daddr 2001:db8::1 tcp dport 22 accept",
                "ip saddr 10.0.0.0/8 meta l4proto icmp accept",
                "goto input_deny")));
        assertThat(ruleset.warnings()).containsExactly(
                "firewall.input.allow[1] matches no packet: its addresses and protocol are of different IP versions",
                "firewall.input.allow[2] matches no packet: its addresses and protocol are of different IP versions",
                "firewall.input.allow[3] matches no packet: its addresses and protocol are of different IP versions");
    }

    @Test
    void aDenyRuleThatCanMatchNothingIsWarnedAboutAndLeftOut() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input: { policy: accept, deny: [{ from: 10.0.0.0/8, to: "::1" }] }
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP));
        assertThat(ruleset.chain("input_deny")).as("nothing goes there").isEmpty();
        assertThat(ruleset.warnings()).containsExactly(
                "firewall.input.deny[0] matches no packet: its addresses and protocol are of different IP versions");
    }

    // ---------------------------------------------------------------------------------------------------
    // Zones
    // ---------------------------------------------------------------------------------------------------

    @Test
    void zonesAreNamedSetsAndEachOfTheirPartsARule() {
        Ruleset ruleset = ruleset("""
                firewall:
                  zones:
                    lan: { interfaces: [eth1, br-*], cidrs: [192.168.1.0/24, "2001:db8:1::/48", 10.0.0.0/8] }
                    wan: { interfaces: [eth0] }
                    v6: { cidrs: ["fd00::/8"] }
                  input:
                    allow:
                      - { from: lan, port: 22/tcp }
                      - { from: [wan, v6], port: 443/tcp }
                """);

        assertThat(ruleset.sets()).containsExactly(
                new NftSet("zone_lan_if", "ifname", true, List.of("\"eth1\"", "\"br-*\""), Optional.empty(), "firewall.zones.lan"),
                new NftSet("zone_lan_v4", "ipv4_addr", true, List.of("10.0.0.0/8", "192.168.1.0/24"), Optional.empty(),
                        "firewall.zones.lan"),
                new NftSet("zone_lan_v6", "ipv6_addr", true, List.of("2001:db8:1::/48"), Optional.empty(), "firewall.zones.lan"),
                new NftSet("zone_wan_if", "ifname", false, List.of("\"eth0\""), Optional.empty(), "firewall.zones.wan"),
                new NftSet("zone_v6_v6", "ipv6_addr", true, List.of("fd00::/8"), Optional.empty(), "firewall.zones.v6"));
        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "iifname @zone_lan_if tcp dport 22 accept",
                "ip saddr @zone_lan_v4 tcp dport 22 accept",
                "ip6 saddr @zone_lan_v6 tcp dport 22 accept",
                "iifname @zone_wan_if tcp dport 443 accept",
                "ip6 saddr @zone_v6_v6 tcp dport 443 accept",
                "goto input_deny")));
    }

    @Test
    void aZoneSetLeavesOutTheBlocksInsideItsOtherBlocks() {
        // nft refuses overlapping elements in a named interval set
        Ruleset ruleset = ruleset("""
                firewall:
                  zones:
                    it: { cidrs: [192.168.200.0/24, 192.168.200.7, 192.168.0.0/16, 192.168.0.0/16, 10.0.0.1, "2001:db8::/32", "2001:db8:5::/48"] }
                """);

        assertThat(set(ruleset, "zone_it_v4").elements()).containsExactly("10.0.0.1", "192.168.0.0/16");
        assertThat(set(ruleset, "zone_it_v6").elements()).containsExactly("2001:db8::/32");
    }

    @Test
    void aZoneSetLeavesOutTheInterfacesItsWildcardsMatch() {
        // nft refuses "eth0" beside "eth*" in a named interval set ("conflicting intervals specified")
        Ruleset ruleset = ruleset("""
                firewall:
                  zones:
                    lan: { interfaces: [eth0, "eth*", br-lan0, "br-lan*", "br-*", eth, wg0, eth0] }
                  input:
                    allow: [{ interface: [veth0, "veth*", "ve*", docker0, "docker*"], port: 22/tcp }]
                """);

        assertThat(set(ruleset, "zone_lan_if")).isEqualTo(new NftSet("zone_lan_if", "ifname", true,
                List.of("\"eth*\"", "\"br-*\"", "\"wg0\""), Optional.empty(), "firewall.zones.lan"));
        assertThat(statements(ruleset, "input")).contains("iifname { \"docker*\", \"ve*\" } tcp dport 22 accept");
    }

    @Test
    void anInterfaceMatchesWhereThePacketArrivesOrLeaves() {
        Ruleset ruleset = ruleset("""
                firewall:
                  zones:
                    lan: { interfaces: [eth1] }
                    wan: { interfaces: [eth0], cidrs: [0.0.0.0/0] }
                  input: { policy: accept, allow: [{ interface: [wg0, eth2], port: 51820/udp }, { interface: docker0 }] }
                  forward:
                    allow:
                      - { interface: eth1, to: wan }
                      - { from: wan, to: lan, port: 443/tcp }
                  output:
                    policy: drop
                    allow: [{ interface: eth0, port: 123/udp }, { to: lan, port: 67/udp }]
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "iifname { \"eth2\", \"wg0\" } udp dport 51820 accept",
                "iifname \"docker0\" accept")));
        assertThat(statements(ruleset, "forward")).containsExactlyElementsOf(concat(FORWARD_START, List.of(
                "iifname \"eth1\" oifname @zone_wan_if accept",
                "iifname \"eth1\" ip daddr @zone_wan_v4 accept",
                "iifname @zone_wan_if oifname @zone_lan_if tcp dport 443 accept",
                "ip saddr @zone_wan_v4 oifname @zone_lan_if tcp dport 443 accept",
                "goto forward_deny")));
        assertThat(statements(ruleset, "output")).containsExactlyElementsOf(concat(OUTPUT_START, List.of(
                "oifname \"eth0\" udp dport 123 accept",
                "oifname @zone_lan_if udp dport 67 accept",
                "goto output_deny")));
    }

    @Test
    void theNodesSideNamesZonesByTheirAddresses() {
        assertThat(statements("""
                firewall:
                  zones:
                    vips: { cidrs: [192.0.2.10, "2001:db8::10"] }
                  input: { allow: [{ to: vips, port: 443/tcp }] }
                  output: { policy: drop, allow: [{ from: vips, to: 198.51.100.0/24 }] }
                """, "output")).containsExactlyElementsOf(concat(OUTPUT_START, List.of(
                "ip saddr @zone_vips_v4 ip daddr 198.51.100.0/24 accept",
                "goto output_deny")));
    }

    // ---------------------------------------------------------------------------------------------------
    // Comments and repeats
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aCommentGoesOnEveryRuleItsRuleMakes() {
        assertThat(allowed("""
                - { from: [10.0.0.0/8, "2001:db8::/32"], port: [22/tcp, 53], comment: "it's the cluster" }
                """)).containsExactly(
                "ip saddr 10.0.0.0/8 tcp dport 22 accept comment \"it's the cluster\"",
                "ip saddr 10.0.0.0/8 meta l4proto { tcp, udp } th dport 53 accept comment \"it's the cluster\"",
                "ip6 saddr 2001:db8::/32 tcp dport 22 accept comment \"it's the cluster\"",
                "ip6 saddr 2001:db8::/32 meta l4proto { tcp, udp } th dport 53 accept comment \"it's the cluster\"");
        assertThat(statements("firewall: { input: { deny: [{ port: 23, comment: telnet }] } }\n", "input"))
                .contains("meta l4proto { tcp, udp } th dport 23 goto input_deny comment \"telnet\"");
    }

    @Test
    void aRuleWrittenTwiceIsAppliedOnce() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input:
                    allow: [{ port: 22/tcp }, { port: 80/tcp }, { port: 22/tcp }, { port: 22, protocol: tcp }]
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "tcp dport 22 accept",
                "tcp dport 80 accept",
                "goto input_deny")));
        assertThat(ruleset.chain("input").orElseThrow().rules().get(INPUT_START.size() + INPUT_PING_DHCP.size()).origin())
                .as("the first one made it").isEqualTo("firewall.input.allow[0]");
    }
}
