package io.edgeplane.firewall.compile;

import static io.edgeplane.firewall.compile.CompiledListing.chainNames;
import static io.edgeplane.firewall.compile.CompiledListing.ruleset;
import static io.edgeplane.firewall.compile.CompiledListing.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.Ruleset;
import org.junit.jupiter.api.Test;

/**
 * The firewalls of the two seeds, written as config and compiled: chronosync's {@code iptables/iptables.sh} with its
 * "Network Hardening" lines, and dynia-node's {@code setup-firewall.sh} for ufw. Each line of the scripts is named
 * beside the rule that does its job.
 */
class SeedFirewallsTest {

    /**
     * iptables.sh appends to the filter table without setting a policy, so both chains accept what no rule names. Its
     * FORWARD rule has no state match before it: every packet from OT to IT is dropped, replies too, which
     * {@code established: false} keeps.
     */
    private static final String CHRONOSYNC = """
            firewall:
              zones:
                it: { cidrs: [192.168.200.0/24] }
                ot: { cidrs: [192.168.100.0/24] }
              input:
                policy: accept
                allow:
                  - { interface: docker0 }                                         # -A INPUT -i docker0 -j ACCEPT
                  - { port: 8080/tcp, rate: { total: 25/minute, burst: 100 } }     # -m limit ... -j ACCEPT, then -j DROP
              forward:
                policy: accept
                established: false
                deny: [{ from: ot, to: it }]           # -A FORWARD -s 192.168.100.0/24 -d 192.168.200.0/24 -j DROP
            """;

    /** setup-firewall.sh: ufw's defaults and its allow lines with their comments; ufw logs blocks at "low". */
    private static final String DYNIA = """
            firewall:
              input:
                policy: drop                                                # ufw default deny incoming
                allow:
                  - { port: 22/tcp, comment: SSH access }                   # ufw allow 22/tcp comment 'SSH access'
                  - { port: 80/tcp, comment: HTTP traffic }
                  - { port: 443/tcp, comment: HTTPS traffic }
                  - { from: 10.0.0.0/8, port: 8404, comment: HAProxy stats internal }   # from ... to any port 8404
                  - { from: 224.0.0.0/8, comment: VRRP multicast }
                  - { to: 224.0.0.0/8, comment: VRRP multicast }
                  - { from: 10.0.0.0/8, comment: Inter-node communication }
                  - { from: 172.16.0.0/12, comment: Docker networks }
              log_drops: { prefix: "[UFW BLOCK]" }                          # ufw logging low: 3/minute, burst 10
            """;

    @Test
    void chronosyncsIptablesScript() {
        NftListing listing = new NftRenderer().render(ruleset(CHRONOSYNC));

        assertThat(listing.text()).isEqualTo("""
                table inet edgeplane {
                	comment "edgeplane ruleset %s"
                	set zone_it_v4 {
                		type ipv4_addr
                		flags interval
                		elements = { 192.168.200.0/24 }
                	}

                	set zone_ot_v4 {
                		type ipv4_addr
                		flags interval
                		elements = { 192.168.100.0/24 }
                	}

                	chain input {
                		type filter hook input priority filter; policy accept;
                		iifname "lo" accept
                		ct state established,related accept
                		ct state invalid drop
                		icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem, nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept
                		icmp type { destination-unreachable, time-exceeded, parameter-problem } accept
                		icmp type echo-request accept
                		icmpv6 type echo-request accept
                		udp sport 67 udp dport 68 accept
                		ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept
                		iifname "docker0" accept
                		tcp dport 8080 limit rate 25/minute burst 100 packets accept
                		tcp dport 8080 goto input_deny
                	}

                	chain input_deny {
                		counter drop
                	}

                	chain forward {
                		type filter hook forward priority filter; policy accept;
                		icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept
                		icmp type { destination-unreachable, time-exceeded, parameter-problem } accept
                		ip saddr @zone_ot_v4 ip daddr @zone_it_v4 goto forward_deny
                	}

                	chain forward_deny {
                		counter drop
                	}
                }
                """.formatted(listing.digest()));
    }

    @Test
    void chronosyncsLinesInTheirOwnWords() {
        Ruleset ruleset = ruleset(CHRONOSYNC);
        var input = statements(ruleset, "input");

        // -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT, before the rest as in the script
        assertThat(input.indexOf("ct state established,related accept")).isLessThan(input.indexOf("iifname \"docker0\" accept"));
        // -A INPUT -i docker0 -j ACCEPT
        assertThat(input).contains("iifname \"docker0\" accept");
        // -p tcp --dport 8080 -m limit --limit 25/minute --limit-burst 100 -j ACCEPT; -p tcp --dport 8080 -j DROP
        assertThat(input.subList(input.size() - 2, input.size())).containsExactly(
                "tcp dport 8080 limit rate 25/minute burst 100 packets accept",
                "tcp dport 8080 goto input_deny");
        assertThat(statements(ruleset, "input_deny")).containsExactly("counter drop");
        // -A FORWARD -s 192.168.100.0/24 -d 192.168.200.0/24 -j DROP, with nothing accepted before it but ICMPv6
        // errors (which carry no OT-to-IT flow of IPv4)
        assertThat(statements(ruleset, "forward")).endsWith("ip saddr @zone_ot_v4 ip daddr @zone_it_v4 goto forward_deny");
        assertThat(statements(ruleset, "forward_deny")).containsExactly("counter drop");
        assertThat(chainNames(ruleset)).as("no output chain: the script adds no OUTPUT rule")
                .containsExactly("input", "input_deny", "forward", "forward_deny");
        assertThat(ruleset.warnings()).isEmpty();
    }

    @Test
    void withConnectionStateTheSegmentationStillLetsItReachOt() {
        // The default (established: true) lets replies to what IT opens in OT back through; OT still cannot start one
        assertThat(statements(CHRONOSYNC.replace("    established: false\n", ""), "forward")).containsExactly(
                "ct state established,related accept",
                "ct state invalid drop",
                "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept",
                "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept",
                "ip saddr @zone_ot_v4 ip daddr @zone_it_v4 goto forward_deny");
    }

    @Test
    void dyniasUfwScript() {
        NftListing listing = new NftRenderer().render(ruleset(DYNIA));

        assertThat(listing.text()).isEqualTo("""
                table inet edgeplane {
                	comment "edgeplane ruleset %s"
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
                		tcp dport 80 accept comment "HTTP traffic"
                		tcp dport 443 accept comment "HTTPS traffic"
                		ip saddr 10.0.0.0/8 meta l4proto { tcp, udp } th dport 8404 accept comment "HAProxy stats internal"
                		ip saddr 224.0.0.0/8 accept comment "VRRP multicast"
                		ip daddr 224.0.0.0/8 accept comment "VRRP multicast"
                		ip saddr 10.0.0.0/8 accept comment "Inter-node communication"
                		ip saddr 172.16.0.0/12 accept comment "Docker networks"
                		goto input_deny
                	}

                	chain input_deny {
                		limit rate 3/minute burst 10 packets log prefix "[UFW BLOCK] input: "
                		counter drop
                	}
                }
                """.formatted(listing.digest()));
    }

    @Test
    void dyniasDefaultAllowOutgoingIsNoOutputChain() {
        Ruleset ruleset = ruleset(DYNIA);

        assertThat(ruleset.chain("output")).isEmpty();
        assertThat(statements(ruleset(DYNIA + "  output: { policy: accept }\n"), "output")).as("said out loud")
                .doesNotContain("goto output_deny");
        assertThat(ruleset.warnings()).isEmpty();
    }

    @Test
    void theSketchsFirewallWithItsServicesOpened() {
        // config-sketch.yaml's firewall section, with a proxy and the admin listener for auto_allow to open
        Ruleset ruleset = ruleset("""
                admin: { listen: 0.0.0.0:8404, allow: [127.0.0.0/8, 10.0.0.0/8] }
                proxy:
                  listeners: [{ name: north, listen: [0.0.0.0:8080], routes: [{ respond: { status: 200 } }] }]
                firewall:
                  zones:
                    it: { cidrs: [192.168.200.0/24] }
                    ot: { cidrs: [192.168.100.0/24] }
                    cluster: { cidrs: [10.0.0.0/8] }
                  input:
                    policy: drop
                    allow:
                      - { port: 22/tcp }
                      - { port: 80/tcp }
                      - { port: 443/tcp }
                      - { port: 8404/tcp, from: [cluster] }
                      - { protocol: vrrp, from: [cluster] }
                      - { port: 8080/tcp, rate: { per_source: 25/minute, burst: 100 } }
                  forward:
                    policy: drop
                    deny: [{ from: ot, to: it }]
                  auto_allow: true
                """);
        var input = statements(ruleset, "input");

        assertThat(input.subList(input.indexOf("tcp dport 22 accept"), input.size())).containsExactly(
                "tcp dport 22 accept",
                "tcp dport 80 accept",
                "tcp dport 443 accept",
                "ip saddr @zone_cluster_v4 tcp dport 8404 accept",
                "ip saddr @zone_cluster_v4 meta l4proto vrrp accept",
                "tcp dport 8080 update @input_meter_1_v4 { ip saddr limit rate 25/minute burst 100 packets } accept",
                "tcp dport 8080 update @input_meter_1_v6 { ip6 saddr limit rate 25/minute burst 100 packets } accept",
                "tcp dport 8080 goto input_deny",
                "ip saddr { 10.0.0.0/8, 127.0.0.0/8 } tcp dport 8404 accept",
                "tcp dport 8080 accept",
                "goto input_deny");
        assertThat(input.indexOf("tcp dport 8080 goto input_deny")).as("the listener's opening comes after the rate's "
                + "excess is denied, so the rate still holds").isLessThan(input.indexOf("tcp dport 8080 accept"));
    }
}
