package io.edgeplane.firewall.compile;

import io.edgeplane.config.firewall.DropLogConfig;
import io.edgeplane.config.firewall.FirewallPolicy;
import io.edgeplane.config.firewall.FirewallRuleConfig;
import io.edgeplane.config.firewall.RateConfig;
import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.NftSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds one base chain rule by rule, in the order the caller adds them, and the regular chain {@code NAME_deny} that
 * its deny rules, rate excess and policy go to: there the drop is logged (rate-limited) and counted, and dropped or
 * rejected; and for a total rate that several matches share, a regular chain {@code NAME_rate_N} that holds its one
 * bucket. The caller decides the order; this class knows how a config rule becomes nft rules.
 */
final class ChainAssembler {

    /** How many sources a per-source meter tracks; beyond it new sources are denied, which fails closed. */
    static final int METER_SIZE = 65_535;
    private static final Duration MIN_METER_TIMEOUT = Duration.ofMinutes(1);

    private final String name;
    private final String hook;
    private final ZoneSets zones;
    private final Optional<DropLogConfig> logDrops;
    private final List<NftRule> rules = new ArrayList<>();
    private final Set<String> statements = new LinkedHashSet<>();
    private final List<NftSet> meters = new ArrayList<>();
    private final List<NftChain> rateChains = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean denyUsed;

    /**
     * @param name the chain, and its hook: {@code input}, {@code forward} or {@code output}
     */
    ChainAssembler(String name, ZoneSets zones, Optional<DropLogConfig> logDrops) {
        this.name = Objects.requireNonNull(name, "name");
        this.hook = name;
        this.zones = Objects.requireNonNull(zones, "zones");
        this.logDrops = Objects.requireNonNull(logDrops, "logDrops");
    }

    /** A rule written out whole: loopback, connection state, ICMP. */
    void builtIn(String statement, String origin) {
        add(statement, origin);
    }

    /** A deny rule: what it matches goes to the deny chain. */
    void deny(FirewallRuleConfig rule, String origin) {
        List<String> matches = matches(rule, origin);
        matches.forEach(match -> add(match + " goto " + denyChain() + comment(rule), origin));
        denyUsed |= !matches.isEmpty();
    }

    /** An allow rule: accepted, up to its rate if it has one, and the excess denied. */
    void allow(FirewallRuleConfig rule, String origin) {
        List<Selector> selectors = selectorsOf(rule, origin);
        List<String> matches = selectors.stream().map(Selector::text).toList();
        if (rule.rate().isEmpty()) {
            matches.forEach(match -> add(match + " accept" + comment(rule), origin));
            return;
        }
        RateConfig rate = rule.rate().get();
        String limit = "limit rate " + rate.rate() + burst(rate.burst());
        if (rate.isPerSource()) {
            String meter = name + "_meter_" + (meters.size() / 2 + 1);
            NftSet.Meter size = new NftSet.Meter(METER_SIZE, meterTimeout(rate));
            NftSet v4 = new NftSet(meter + "_v4", "ipv4_addr", false, List.of(), Optional.of(size), origin);
            NftSet v6 = new NftSet(meter + "_v6", "ipv6_addr", false, List.of(), Optional.of(size), origin);
            meters.add(v4);
            meters.add(v6);
            for (Selector match : selectors) {
                if (match.family() != Family.V6) {
                    add(join(match.text(), "update @" + v4.name() + " { ip saddr " + limit + " } accept") + comment(rule), origin);
                }
                if (match.family() != Family.V4) {
                    add(join(match.text(), "update @" + v6.name() + " { ip6 saddr " + limit + " } accept") + comment(rule), origin);
                }
            }
        } else if (matches.size() > 1) {
            // One bucket for the whole rule, as -m limit has: a limit on each match would be a bucket each, and a
            // packet past one would try the next. Every match goes to one chain that holds the limit.
            String bucket = name + "_rate_" + (rateChains.size() + 1);
            matches.forEach(match -> add(join(match, "goto " + bucket) + comment(rule), origin));
            rateChains.add(new NftChain(bucket, Optional.empty(), List.of(
                    new NftRule(limit + " accept" + comment(rule), origin), new NftRule("goto " + denyChain(), origin))));
            denyUsed = true;
            return;
        } else {
            matches.forEach(match -> add(join(match, limit + " accept") + comment(rule), origin));
        }
        // Past the rate: denied here, not left to later rules that might accept it (the seed's -j DROP after -m limit)
        matches.forEach(match -> add(join(match, "goto " + denyChain()) + comment(rule), origin));
        denyUsed |= !matches.isEmpty();
    }

    /** The chain's last word: what no rule accepted goes to the deny chain, to be logged, counted and dropped. */
    void policy(FirewallPolicy policy, String origin) {
        if (policy != FirewallPolicy.ACCEPT) {
            add("goto " + denyChain(), origin);
            denyUsed = true;
        }
    }

    /**
     * The chains built: the base chain, the chains of total rates shared by several matches, and the deny chain if
     * anything goes to it.
     */
    List<NftChain> chains(FirewallPolicy policy) {
        List<NftChain> chains = new ArrayList<>();
        chains.add(new NftChain(name, Optional.of(new NftChain.Hook(hook, policy == FirewallPolicy.ACCEPT)), rules));
        chains.addAll(rateChains);
        if (denyUsed) {
            chains.add(new NftChain(denyChain(), Optional.empty(), denyRules(policy)));
        }
        return chains;
    }

    List<NftSet> meters() {
        return List.copyOf(meters);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private List<NftRule> denyRules(FirewallPolicy policy) {
        String origin = "firewall." + name + ".policy";
        List<NftRule> deny = new ArrayList<>();
        logDrops.ifPresent(log -> deny.add(new NftRule("limit rate " + log.rate() + burst(log.burst()) + " log prefix \""
                + log.prefix() + " " + name + ": \"", "firewall.log_drops")));
        if (policy == FirewallPolicy.REJECT) {
            // As ufw's reject: a TCP reset for TCP, ICMP port unreachable for the rest
            deny.add(new NftRule("meta l4proto tcp counter reject with tcp reset", origin));
            deny.add(new NftRule("counter reject", origin));
        } else {
            deny.add(new NftRule("counter drop", origin));
        }
        return deny;
    }

    private String denyChain() {
        return name + "_deny";
    }

    private List<String> matches(FirewallRuleConfig rule, String origin) {
        return selectorsOf(rule, origin).stream().map(Selector::text).toList();
    }

    /** Every combination of the rule's interface, from, to and protocol matches that one IP version can satisfy. */
    private List<Selector> selectorsOf(FirewallRuleConfig rule, String origin) {
        List<Selector> combined = List.of(Interfaces.selector(interfaceKey(), rule.interfaces()));
        combined = cross(combined, zones.selectors(rule.from(), ZoneSets.End.SOURCE));
        combined = cross(combined, zones.selectors(rule.to(), ZoneSets.End.DESTINATION));
        combined = cross(combined, ProtocolSelectors.of(rule));
        if (combined.isEmpty()) {
            warnings.add(origin + " matches no packet: its addresses and protocol are of different IP versions");
        }
        return combined;
    }

    private String interfaceKey() {
        return name.equals("output") ? ZoneSets.End.DESTINATION.interfaceKey() : ZoneSets.End.SOURCE.interfaceKey();
    }

    private static List<Selector> cross(List<Selector> left, List<Selector> right) {
        List<Selector> out = new ArrayList<>();
        for (Selector a : left) {
            for (Selector b : right) {
                a.family().and(b.family()).ifPresent(f -> out.add(new Selector(join(a.text(), b.text()), f)));
            }
        }
        return out;
    }

    private void add(String statement, String origin) {
        // Two config rules may come out the same (auto_allow and a rule written by hand, with its comment): one is enough.
        int comment = statement.indexOf(" comment \"");
        if (statements.add(comment < 0 ? statement : statement.substring(0, comment))) {
            rules.add(new NftRule(statement, origin));
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }

    /** nft leaves out a burst of 5 packets, its default. */
    private static String burst(int burst) {
        return burst == RateConfig.DEFAULT_BURST ? "" : " burst " + burst + " packets";
    }

    private static String comment(FirewallRuleConfig rule) {
        return rule.comment().map(c -> " comment \"" + c + "\"").orElse("");
    }

    /** A source idle for as long as its bucket takes to fill has a full bucket anyway: forgetting it then is exact. */
    private static Duration meterTimeout(RateConfig rate) {
        Duration refill = rate.rate().refill(rate.burst());
        Duration seconds = Duration.ofSeconds(refill.toSeconds() + (refill.toNanosPart() > 0 ? 1 : 0));
        return seconds.compareTo(MIN_METER_TIMEOUT) < 0 ? MIN_METER_TIMEOUT : seconds;
    }
}
