package io.edgeplane.firewall.compile;

import static io.edgeplane.firewall.compile.CompiledListing.FORWARD_START;
import static io.edgeplane.firewall.compile.CompiledListing.INPUT_PING_DHCP;
import static io.edgeplane.firewall.compile.CompiledListing.INPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.OUTPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.chainNames;
import static io.edgeplane.firewall.compile.CompiledListing.concat;
import static io.edgeplane.firewall.compile.CompiledListing.config;
import static io.edgeplane.firewall.compile.CompiledListing.ruleset;
import static io.edgeplane.firewall.compile.CompiledListing.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shape of the compiled table: ufw's chain order, where deny rules and the policy send packets, what each policy
 * puts in the deny chain, drop logging, the digest that names a ruleset, and where each rule came from.
 */
class FirewallCompilerTest {

    @Test
    void theInputChainRunsUfwsOrder() {
        // One of everything, written in the reverse of the order it runs in
        Ruleset ruleset = ruleset("""
                proxy:
                  listeners:
                    - { name: web, listen: [0.0.0.0:8080], routes: [{ respond: { status: 200 } }] }
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, accept: false, virtual_ips: [192.0.2.10/24] }
                firewall:
                  input:
                    allow: [{ port: 22/tcp }]
                    deny: [{ from: 203.0.113.0/24 }]
                  auto_allow: true
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(
                List.of("iifname \"lo\" accept",
                        "ct state established,related accept",
                        "ct state invalid drop",
                        "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem, "
                                + "nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept",
                        "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept",
                        "ip daddr 192.0.2.10 goto input_deny comment \"vrrp VI_1 no_accept\"",
                        "ip saddr 203.0.113.0/24 goto input_deny",
                        "icmp type echo-request accept",
                        "icmpv6 type echo-request accept",
                        "udp sport 67 udp dport 68 accept",
                        "ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept",
                        "tcp dport 22 accept",
                        "tcp dport 8080 accept",
                        "iifname \"eth0\" ip daddr 224.0.0.18 meta l4proto vrrp accept",
                        "goto input_deny")));
        assertThat(statements(ruleset, "input_deny")).containsExactly("counter drop");
        assertThat(ruleset.chain("input").orElseThrow().hook()).contains(new NftChain.Hook("input", false));
        assertThat(ruleset.warnings()).isEmpty();
    }

    @Test
    void everyRuleRemembersWhatMadeIt() {
        Ruleset ruleset = ruleset("""
                proxy:
                  listeners:
                    - { name: web, listen: [0.0.0.0:8080], routes: [{ respond: { status: 200 } }] }
                firewall:
                  input:
                    allow: [{ port: 22/tcp }, { port: 80/tcp }]
                    deny: [{ from: 203.0.113.0/24 }]
                  log_drops: {}
                  auto_allow: true
                """);

        assertThat(ruleset.chain("input").orElseThrow().rules().stream().map(NftRule::origin).toList()).containsExactly(
                "built-in: loopback",
                "firewall.input.established",
                "firewall.input.established",
                "built-in: ICMPv6 errors and neighbour discovery",
                "built-in: ICMP errors",
                "firewall.input.deny[0]",
                "firewall.input.ping",
                "firewall.input.ping",
                "built-in: DHCP client",
                "built-in: DHCPv6 client",
                "firewall.input.allow[0]",
                "firewall.input.allow[1]",
                "auto_allow: proxy listener web 0.0.0.0:8080",
                "firewall.input.policy");
        assertThat(ruleset.chain("input_deny").orElseThrow().rules()).containsExactly(
                new NftRule("limit rate 3/minute burst 10 packets log prefix \"edgeplane drop input: \"", "firewall.log_drops"),
                new NftRule("counter drop", "firewall.input.policy"));
    }

    @Test
    void theOriginsFollowTheRenderedLines() {
        NftListing listing = new NftRenderer().render(ruleset("""
                firewall:
                  zones: { it: { cidrs: [192.168.200.0/24] } }
                  input: { allow: [{ from: it, port: 22/tcp }] }
                """));
        List<String> lines = listing.text().lines().toList();

        int set = lines.indexOf("\tset zone_it_v4 {") + 1;
        int rule = lines.indexOf("\t\tip saddr @zone_it_v4 tcp dport 22 accept") + 1;
        assertThat(listing.originOf(set)).contains("firewall.zones.it");
        assertThat(listing.originOf(rule)).contains("firewall.input.allow[0]");
        assertThat(listing.originOf(1)).as("table {").isEmpty();
        assertThat(listing.originOf(0)).isEmpty();
        assertThat(listing.originOf(lines.size() + 1)).isEmpty();
    }

    @Test
    void withoutStateTrackingOrPingsThoseRulesAreLeftOut() {
        assertThat(statements("""
                firewall:
                  input: { established: false, ping: false, allow: [{ port: 22/tcp }] }
                """, "input")).containsExactly(
                "iifname \"lo\" accept",
                INPUT_START.get(3),
                INPUT_START.get(4),
                "udp sport 67 udp dport 68 accept",
                "ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept",
                "tcp dport 22 accept",
                "goto input_deny");
    }

    // ---------------------------------------------------------------------------------------------------
    // Policies and deny chains
    // ---------------------------------------------------------------------------------------------------

    @Test
    void dropIsTheHooksPolicyAndTheDenyChainsCountedDrop() {
        Ruleset ruleset = ruleset("firewall: { input: { policy: drop } }\n");

        assertThat(ruleset.chain("input").orElseThrow().hook()).contains(new NftChain.Hook("input", false));
        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP,
                List.of("goto input_deny")));
        assertThat(statements(ruleset, "input_deny")).containsExactly("counter drop");
        assertThat(chainNames(ruleset)).containsExactly("input", "input_deny");
    }

    @Test
    void rejectAnswersTcpWithAResetAndTheRestWithPortUnreachable() {
        // nftables has no reject policy: the hook drops, and the last rule sends everything to the deny chain
        Ruleset ruleset = ruleset("firewall: { input: { policy: reject, deny: [{ port: 23 }] } }\n");

        assertThat(ruleset.chain("input").orElseThrow().hook()).contains(new NftChain.Hook("input", false));
        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START,
                List.of("meta l4proto { tcp, udp } th dport 23 goto input_deny"), INPUT_PING_DHCP,
                List.of("goto input_deny")));
        assertThat(statements(ruleset, "input_deny")).containsExactly(
                "meta l4proto tcp counter reject with tcp reset",
                "counter reject");
    }

    @Test
    void acceptHasNoLastRuleAndNoDenyChainUntilARuleDenies() {
        Ruleset open = ruleset("firewall: { input: { policy: accept, allow: [{ port: 22/tcp }] } }\n");

        assertThat(open.chain("input").orElseThrow().hook()).contains(new NftChain.Hook("input", true));
        assertThat(statements(open, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP,
                List.of("tcp dport 22 accept")));
        assertThat(chainNames(open)).containsExactly("input");

        Ruleset denying = ruleset("firewall: { input: { policy: accept, deny: [{ port: 23/tcp }] } }\n");

        assertThat(statements(denying, "input")).containsExactlyElementsOf(concat(INPUT_START,
                List.of("tcp dport 23 goto input_deny"), INPUT_PING_DHCP));
        assertThat(statements(denying, "input_deny")).as("a deny rule drops, whatever the policy").containsExactly("counter drop");
        assertThat(chainNames(denying)).containsExactly("input", "input_deny");
    }

    @Test
    void eachChainHasItsOwnDenyChain() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input: { policy: accept }
                  forward: { policy: reject, deny: [{ from: 192.168.100.0/24, to: 192.168.200.0/24 }] }
                  output: { policy: drop, deny: [{ to: 198.51.100.7, port: 25/tcp }] }
                """);

        assertThat(chainNames(ruleset)).containsExactly("input", "forward", "forward_deny", "output", "output_deny");
        assertThat(statements(ruleset, "forward")).containsExactlyElementsOf(concat(FORWARD_START, List.of(
                "ip saddr 192.168.100.0/24 ip daddr 192.168.200.0/24 goto forward_deny",
                "goto forward_deny")));
        assertThat(statements(ruleset, "forward_deny")).containsExactly(
                "meta l4proto tcp counter reject with tcp reset",
                "counter reject");
        assertThat(statements(ruleset, "output")).containsExactlyElementsOf(concat(OUTPUT_START, List.of(
                "ip daddr 198.51.100.7 tcp dport 25 goto output_deny",
                "goto output_deny")));
        assertThat(statements(ruleset, "output_deny")).containsExactly("counter drop");
        assertThat(ruleset.chain("forward").orElseThrow().hook()).contains(new NftChain.Hook("forward", false));
        assertThat(ruleset.chain("output").orElseThrow().hook()).contains(new NftChain.Hook("output", false));
        assertThat(ruleset.chain("forward_deny").orElseThrow().hook()).as("a regular chain").isEmpty();
    }

    @Test
    void theForwardChainRunsStateThenDenyThenAllowThenPolicy() {
        assertThat(statements("""
                firewall:
                  input: { policy: accept }
                  forward:
                    allow: [{ from: 192.168.200.0/24, to: 192.168.100.0/24, port: 502/tcp }]
                    deny: [{ from: 192.168.100.0/24 }]
                """, "forward")).containsExactly(
                "ct state established,related accept",
                "ct state invalid drop",
                "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept",
                "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept",
                "ip saddr 192.168.100.0/24 goto forward_deny",
                "ip saddr 192.168.200.0/24 ip daddr 192.168.100.0/24 tcp dport 502 accept",
                "goto forward_deny");
        assertThat(statements("""
                firewall:
                  input: { policy: accept }
                  forward: { established: false, policy: accept, deny: [{ from: 192.168.100.0/24 }] }
                """, "forward")).as("every packet judged alone, as a FORWARD chain with no state match").containsExactly(
                "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept",
                "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept",
                "ip saddr 192.168.100.0/24 goto forward_deny");
    }

    @Test
    void theOutputChainRunsLoopbackStateDenyAllowPolicy() {
        assertThat(statements("""
                firewall:
                  input: { policy: accept }
                  output:
                    policy: drop
                    allow: [{ port: [53, 123/udp, 443/tcp] }]
                    deny: [{ to: 10.0.0.0/8 }]
                """, "output")).containsExactly(
                "oifname \"lo\" accept",
                "ct state established,related accept",
                "icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld2-listener-report } accept",
                "udp sport 68 udp dport 67 accept",
                "udp sport 546 udp dport 547 accept",
                "meta l4proto igmp accept",
                "ip daddr 10.0.0.0/8 goto output_deny",
                "meta l4proto { tcp, udp } th dport 53 accept",
                "udp dport 123 accept",
                "tcp dport 443 accept",
                "goto output_deny");
        assertThat(statements("""
                firewall:
                  input: { policy: accept }
                  output: { established: false, allow: [{ port: 443/tcp }] }
                """, "output")).containsExactly(
                "oifname \"lo\" accept",
                OUTPUT_START.get(2),
                OUTPUT_START.get(3),
                OUTPUT_START.get(4),
                OUTPUT_START.get(5),
                "tcp dport 443 accept");
    }

    @Test
    void withoutForwardOrOutputSectionsThereAreNoSuchChains() {
        assertThat(chainNames(ruleset("firewall: { input: {} }\n"))).containsExactly("input", "input_deny");
    }

    @Test
    void eachChainLogsItsDropsUnderItsOwnName() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input: { policy: reject }
                  forward: {}
                  output: { policy: drop }
                  log_drops: { rate: 1/second, burst: 5, prefix: "[UFW BLOCK]" }
                """);

        assertThat(statements(ruleset, "input_deny")).containsExactly(
                "limit rate 1/second log prefix \"[UFW BLOCK] input: \"",
                "meta l4proto tcp counter reject with tcp reset",
                "counter reject");
        assertThat(statements(ruleset, "forward_deny")).containsExactly(
                "limit rate 1/second log prefix \"[UFW BLOCK] forward: \"",
                "counter drop");
        assertThat(statements(ruleset, "output_deny")).containsExactly(
                "limit rate 1/second log prefix \"[UFW BLOCK] output: \"",
                "counter drop");
        assertThat(statements("firewall: { input: {}, log_drops: 3/minute }\n", "input_deny")).containsExactly(
                "limit rate 3/minute burst 10 packets log prefix \"edgeplane drop input: \"",
                "counter drop");
    }

    // ---------------------------------------------------------------------------------------------------
    // The listing and its digest
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aSmallConfigRendersAsNftListsIt() {
        NftListing listing = new NftRenderer().render(ruleset("""
                firewall:
                  zones: { cluster: { cidrs: [10.0.0.0/8] } }
                  input:
                    allow: [{ port: 22/tcp, comment: SSH access }, { from: cluster, port: 8404/tcp }]
                """));

        assertThat(listing.text()).isEqualTo("""
                table inet edgeplane {
                	comment "edgeplane ruleset %s"
                	set zone_cluster_v4 {
                		type ipv4_addr
                		flags interval
                		elements = { 10.0.0.0/8 }
                	}

                	chain input {
                		type filter hook input priority filter; policy drop;
                		iifname "lo" accept
                		ct state established,related accept
                		ct state invalid drop
                		icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem, nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept
                		icmp type { destination-unreachable, time-exceeded, parameter-problem } accept
                		icmp type echo-request accept
                		icmpv6 type echo-request accept
                		udp sport 67 udp dport 68 accept
                		ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept
                		tcp dport 22 accept comment "SSH access"
                		ip saddr @zone_cluster_v4 tcp dport 8404 accept
                		goto input_deny
                	}

                	chain input_deny {
                		counter drop
                	}
                }
                """.formatted(listing.digest()));
        assertThat(listing.digest()).matches("[0-9a-f]{16}");
    }

    @Test
    void theSameConfigCompilesToTheSameDigestAndAnotherToAnother() {
        String yaml = """
                firewall:
                  zones: { cluster: { cidrs: [10.0.0.0/8, "2001:db8::/32"] } }
                  input: { allow: [{ from: cluster, port: [22/tcp, 53] }, { port: 8080/tcp, rate: { per_source: 25/minute } }] }
                  output: { policy: drop, allow: [{ to: cluster }] }
                """;
        NftListing first = new NftRenderer().render(ruleset(yaml));
        NftListing second = new NftRenderer().render(new FirewallCompiler().compile(config(yaml)));

        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(new FirewallCompiler().compile(config(yaml))).as("the ruleset itself").isEqualTo(ruleset(yaml));

        for (String changed : List.of(
                yaml.replace("22/tcp", "2222/tcp"),
                yaml.replace("10.0.0.0/8", "10.0.0.0/16"),
                yaml.replace("25/minute", "26/minute"),
                yaml.replace("policy: drop", "policy: reject"),
                yaml + "  log_drops: {}\n")) {
            assertThat(new NftRenderer().render(ruleset(changed)).digest()).as(changed).isNotEqualTo(first.digest());
        }
    }

    @Test
    void theDigestIsOfTheBodyNotOfTheCommentThatCarriesIt() {
        Ruleset ruleset = ruleset("firewall: { input: { allow: [{ port: 22/tcp }] } }\n");
        NftListing listing = new NftRenderer().render(ruleset);
        Ruleset renamed = new Ruleset(ruleset.family(), "other", ruleset.sets(), ruleset.chains(), List.of("a warning"));

        assertThat(listing.text()).startsWith("table inet edgeplane {\n\tcomment \"edgeplane ruleset " + listing.digest()
                + "\"\n");
        assertThat(new NftRenderer().render(renamed).digest()).as("the table line and warnings are not in the body")
                .isEqualTo(listing.digest());
    }

    @Test
    void aConfigWithoutAFirewallSectionIsNotCompiled() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FirewallCompiler().compile(config("dns: { listen: [127.0.0.1:53] }\n")))
                .withMessage("the config has no firewall section");
    }

    @Test
    void theTableIsEdgeplanesOwnInetTable() {
        Ruleset ruleset = ruleset("firewall: {}\n");

        assertThat(ruleset.family()).isEqualTo("inet");
        assertThat(ruleset.table()).isEqualTo("edgeplane");
        assertThat(ruleset.ruleCount()).isEqualTo(INPUT_START.size() + INPUT_PING_DHCP.size() + 1 + 1);
        assertThat(ruleset.chain("forward")).isEqualTo(Optional.empty());
    }
}
