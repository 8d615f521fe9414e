package io.edgeplane.firewall.testing;

import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.NftSet;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rulesets built by hand as the compiler would build them, for the tests: one with every kind of set and most kinds of
 * rule edgeplane writes, and variations of it.
 */
public final class SampleRulesets {

    /** Zone it's blocks: a host, two prefixes and a range, out of order. */
    public static final List<String> IT_CIDRS =
            List.of("192.168.1.7", "10.0.0.0/8", "172.16.0.0/12", "198.18.0.10-198.18.0.20");

    private SampleRulesets() {
    }

    /**
     * An input base chain (policy drop) with built-in rules, zone sets of IPv4 blocks, IPv6 blocks and interface
     * names (with a wildcard), a per-source meter, comments, VRRP, a TCP reset, and a deny chain that logs at a
     * limited rate and drops; an output chain (policy accept) that rejects one port.
     */
    public static Ruleset full() {
        return new Ruleset(sets(IT_CIDRS), List.of(input(List.of()), inputDeny(), output()), List.of());
    }

    /** {@link #full()} with {@code extraInputRules} added to the input chain before its final jump. */
    public static Ruleset withInputRules(List<NftRule> extraInputRules) {
        return new Ruleset(sets(IT_CIDRS), List.of(input(extraInputRules), inputDeny(), output()), List.of());
    }

    /** {@link #full()} with zone it's blocks replaced by {@code itCidrs}. */
    public static Ruleset withItCidrs(List<String> itCidrs) {
        return new Ruleset(sets(itCidrs), List.of(input(List.of()), inputDeny(), output()), List.of());
    }

    /** A small, different ruleset: SSH from one block only. */
    public static Ruleset small() {
        NftSet admins = new NftSet("zone_admin_v4", "ipv4_addr", true, List.of("198.18.5.0/24"), Optional.empty(),
                "firewall.zones.admin");
        NftChain input = new NftChain("input", Optional.of(new NftChain.Hook("input", true)), List.of(
                new NftRule("ip saddr @zone_admin_v4 tcp dport 22 accept", "firewall.input.allow[0]")));
        return new Ruleset(List.of(admins), List.of(input), List.of());
    }

    private static List<NftSet> sets(List<String> itCidrs) {
        return List.of(
                new NftSet("zone_it_v4", "ipv4_addr", true, itCidrs, Optional.empty(), "firewall.zones.it.cidrs"),
                new NftSet("zone_it_if", "ifname", true, List.of("\"eth0\"", "\"br-*\"", "\"docker0\""),
                        Optional.empty(), "firewall.zones.it.interfaces"),
                new NftSet("zone_lab_v6", "ipv6_addr", true, List.of("fd00::/8", "2001:db8::1"), Optional.empty(),
                        "firewall.zones.lab.cidrs"),
                new NftSet("rate_input_allow_2", "ipv4_addr", false, List.of(),
                        Optional.of(new NftSet.Meter(65535, Duration.ofMinutes(4))), "firewall.input.allow[2].rate"));
    }

    private static NftChain input(List<NftRule> extra) {
        List<NftRule> rules = new ArrayList<>(List.of(
                new NftRule("ct state established,related accept", "built-in: established"),
                new NftRule("ct state invalid drop", "built-in: invalid"),
                new NftRule("iifname \"lo\" accept", "built-in: loopback"),
                new NftRule("meta l4proto vrrp accept comment \"vrrp peers\"", "auto_allow: vrrp instance VI_1"),
                new NftRule("ip saddr @zone_it_v4 tcp dport 22 accept comment \"SSH access\"",
                        "firewall.input.allow[0]"),
                new NftRule("iifname @zone_it_if udp dport 53 accept", "firewall.input.allow[1]"),
                new NftRule("tcp dport 8080 update @rate_input_allow_2 { ip saddr limit rate 25/minute burst 100 "
                        + "packets } accept", "firewall.input.allow[2]"),
                new NftRule("ip6 saddr @zone_lab_v6 tcp dport { 443, 80 } accept", "firewall.input.allow[3]"),
                new NftRule("ip saddr 198.18.0.66 reject with tcp reset", "firewall.input.deny[0]")));
        rules.addAll(extra);
        rules.add(new NftRule("jump input_deny", "built-in: input policy"));
        return new NftChain("input", Optional.of(new NftChain.Hook("input", false)), rules);
    }

    private static NftChain inputDeny() {
        return new NftChain("input_deny", Optional.empty(), List.of(
                new NftRule("limit rate 3/minute burst 10 packets log prefix \"edgeplane drop input: \" level warn",
                        "firewall.log_drops"),
                new NftRule("drop", "firewall.input.policy")));
    }

    private static NftChain output() {
        return new NftChain("output", Optional.of(new NftChain.Hook("output", true)), List.of(
                new NftRule("udp dport 9 limit rate 10/second burst 5 packets reject with icmpx type port-unreachable",
                        "firewall.output.deny[0]")));
    }
}
