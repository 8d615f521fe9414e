package io.edgeplane.firewall.compile;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import java.util.Map;

/** A config's firewall, compiled and rendered, for tests that read the rules. */
final class CompiledListing {

    /** ufw's before.rules, first part: loopback, connection state, the ICMP IPv6 and path MTU discovery need. */
    static final List<String> INPUT_START = List.of(
            "iifname \"lo\" accept",
            "ct state established,related accept",
            "ct state invalid drop",
            "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem, "
                    + "nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept",
            "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept");
    /** ufw's before.rules, after the deny rules: pings, and replies to the node's own DHCP and DHCPv6 clients. */
    static final List<String> INPUT_PING_DHCP = List.of(
            "icmp type echo-request accept",
            "icmpv6 type echo-request accept",
            "udp sport 67 udp dport 68 accept",
            "ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept");
    /** The forward chain's start: connection state and the ICMP errors path MTU discovery needs. */
    static final List<String> FORWARD_START = List.of(
            "ct state established,related accept",
            "ct state invalid drop",
            "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept",
            "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept");
    /** The output chain's start: loopback, connection state, neighbour discovery, DHCP clients, IGMP. */
    static final List<String> OUTPUT_START = List.of(
            "oifname \"lo\" accept",
            "ct state established,related accept",
            "icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld2-listener-report } accept",
            "udp sport 68 udp dport 67 accept",
            "udp sport 546 udp dport 547 accept",
            "meta l4proto igmp accept");

    private CompiledListing() {
    }

    /** The lists given, one after the other. */
    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    static EdgeplaneConfig config(String yaml) {
        try {
            return new ConfigLoader(Variables.of(Map.of())).parse("test.yaml", yaml);
        } catch (InvalidConfigException e) {
            throw new AssertionError("the test's config is invalid: " + e.problems(), e);
        }
    }

    static Ruleset ruleset(String yaml) {
        return new FirewallCompiler().compile(config(yaml));
    }

    static String text(String yaml) {
        return new NftRenderer().render(ruleset(yaml)).text();
    }

    /** The statements of one chain, in order; fails when the ruleset has no such chain. */
    static List<String> statements(Ruleset ruleset, String chain) {
        return ruleset.chain(chain).orElseThrow(() -> new AssertionError("no chain " + chain + " in "
                        + ruleset.chains().stream().map(NftChain::name).toList()))
                .rules().stream().map(NftRule::statement).toList();
    }

    /** The statements of one chain of a config's firewall. */
    static List<String> statements(String yaml, String chain) {
        return statements(ruleset(yaml), chain);
    }

    /** The chains' names, in the order they are declared. */
    static List<String> chainNames(Ruleset ruleset) {
        return ruleset.chains().stream().map(NftChain::name).toList();
    }
}
