package io.edgeplane.firewall.compile;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.firewall.FirewallConfig;
import io.edgeplane.config.firewall.FirewallPolicy;
import io.edgeplane.config.firewall.FirewallRuleConfig;
import io.edgeplane.config.firewall.FlowPeer;
import io.edgeplane.config.firewall.ForwardConfig;
import io.edgeplane.config.firewall.InputConfig;
import io.edgeplane.config.firewall.OutputConfig;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftSet;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles a config's {@code firewall} section, with what {@code auto_allow} derives from the other sections, into
 * edgeplane's nftables table. Each chain runs ufw's order: loopback, connection state and the ICMP that IPv6 and path
 * MTU discovery need; then deny rules; then allow rules; then the policy. Pure and deterministic: the same config
 * always gives the same ruleset, so an unchanged config is never re-applied.
 */
public final class FirewallCompiler {

    static final String ESTABLISHED = "ct state established,related accept";
    static final String INVALID = "ct state invalid drop";
    /** ICMPv6 errors and neighbour discovery: without them IPv6 stops working (RFC 4890 §4.4.1). */
    static final String ICMPV6_ESSENTIAL = "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, "
            + "parameter-problem, nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept";
    static final String ICMP_ERRORS = "icmp type { destination-unreachable, time-exceeded, parameter-problem } accept";

    /**
     * @throws IllegalArgumentException if the config has no firewall section
     */
    public Ruleset compile(EdgeplaneConfig config) {
        FirewallConfig firewall = config.firewall()
                .orElseThrow(() -> new IllegalArgumentException("the config has no firewall section"));
        ZoneSets zones = new ZoneSets(firewall.zones());
        List<NftSet> sets = new ArrayList<>(zones.sets());
        List<NftChain> chains = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        ChainAssembler input = new ChainAssembler("input", zones, firewall.logDrops());
        input(input, config, firewall);
        collect(input, firewall.input().policy(), sets, chains, warnings);
        if (!firewall.autoAllow()) {
            warnings.addAll(Reachability.unreachable(AutoAllow.input(config), firewall.input()));
        }
        if (firewall.forward().isPresent()) {
            ChainAssembler forward = new ChainAssembler("forward", zones, firewall.logDrops());
            forward(forward, firewall.forward().get());
            collect(forward, firewall.forward().get().policy(), sets, chains, warnings);
        }
        if (firewall.output().isPresent()) {
            ChainAssembler output = new ChainAssembler("output", zones, firewall.logDrops());
            output(output, config, firewall.output().get(), firewall.autoAllow());
            collect(output, firewall.output().get().policy(), sets, chains, warnings);
        }
        return new Ruleset(sets, chains, warnings);
    }

    private static void input(ChainAssembler chain, EdgeplaneConfig config, FirewallConfig firewall) {
        InputConfig input = firewall.input();
        chain.builtIn("iifname \"lo\" accept", "built-in: loopback");
        if (input.established()) {
            chain.builtIn(ESTABLISHED, "firewall.input.established");
            chain.builtIn(INVALID, "firewall.input.established");
        }
        chain.builtIn(ICMPV6_ESSENTIAL, "built-in: ICMPv6 errors and neighbour discovery");
        chain.builtIn(ICMP_ERRORS, "built-in: ICMP errors");
        noAccept(chain, config);
        rules(chain, "firewall.input.deny", input.deny(), true);
        if (input.ping()) {
            chain.builtIn("icmp type echo-request accept", "firewall.input.ping");
            chain.builtIn("icmpv6 type echo-request accept", "firewall.input.ping");
        }
        // The node's own DHCP client: a server's reply to a broadcast request matches no connection (ufw does the same)
        chain.builtIn("udp sport 67 udp dport 68 accept", "built-in: DHCP client");
        chain.builtIn("ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept", "built-in: DHCPv6 client");
        rules(chain, "firewall.input.allow", input.allow(), false);
        if (firewall.autoAllow()) {
            openings(chain, AutoAllow.input(config));
        }
        chain.policy(input.policy(), "firewall.input.policy");
    }

    /**
     * keepalived's {@code no_accept}: a MASTER that does not own the virtual IPs drops what is sent to them. They are on
     * the node only while it is MASTER, so a rule that is always there does exactly that.
     */
    private static void noAccept(ChainAssembler chain, EdgeplaneConfig config) {
        if (config.vrrp().isEmpty()) {
            return;
        }
        List<VrrpInstanceConfig> instances = config.vrrp().get().instances();
        for (int i = 0; i < instances.size(); i++) {
            VrrpInstanceConfig instance = instances.get(i);
            if (instance.accept() || instance.priority() == VrrpInstanceConfig.OWNER_PRIORITY) {
                continue;
            }
            List<FlowPeer> vips = instance.virtualIps().stream().map(v -> v.address().address())
                    .map(a -> (FlowPeer) new FlowPeer.Block(new Cidr(a, a.getAddress().length * 8))).toList();
            chain.deny(new FirewallRuleConfig(List.of(), vips, List.of(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.of("vrrp " + instance.name() + " no_accept")), "vrrp.instances[" + i + "].accept");
        }
    }

    private static void forward(ChainAssembler chain, ForwardConfig forward) {
        if (forward.established()) {
            chain.builtIn(ESTABLISHED, "firewall.forward.established");
            chain.builtIn(INVALID, "firewall.forward.established");
        }
        // Path MTU discovery needs these even where replies are judged alone (established: false)
        chain.builtIn(ICMPV6_ESSENTIAL.replace(", nd-router-solicit, nd-router-advert, nd-neighbor-solicit, "
                + "nd-neighbor-advert", ""), "built-in: ICMPv6 errors");
        chain.builtIn(ICMP_ERRORS, "built-in: ICMP errors");
        rules(chain, "firewall.forward.deny", forward.deny(), true);
        rules(chain, "firewall.forward.allow", forward.allow(), false);
        chain.policy(forward.policy(), "firewall.forward.policy");
    }

    private static void output(ChainAssembler chain, EdgeplaneConfig config, OutputConfig output, boolean autoAllow) {
        chain.builtIn("oifname \"lo\" accept", "built-in: loopback");
        if (output.established()) {
            chain.builtIn(ESTABLISHED, "firewall.output.established");
        }
        chain.builtIn("icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld2-listener-report } "
                + "accept", "built-in: ICMPv6 neighbour discovery");
        // The node's own DHCP clients and multicast group joins (VRRP's 224.0.0.18): a drop policy must not cost the
        // node its address or its VRRP adverts
        chain.builtIn("udp sport 68 udp dport 67 accept", "built-in: DHCP client");
        chain.builtIn("udp sport 546 udp dport 547 accept", "built-in: DHCPv6 client");
        chain.builtIn("meta l4proto igmp accept", "built-in: IGMP group membership");
        rules(chain, "firewall.output.deny", output.deny(), true);
        rules(chain, "firewall.output.allow", output.allow(), false);
        if (autoAllow) {
            openings(chain, AutoAllow.output(config));
        }
        chain.policy(output.policy(), "firewall.output.policy");
    }

    private static void rules(ChainAssembler chain, String path, List<FirewallRuleConfig> rules, boolean deny) {
        for (int i = 0; i < rules.size(); i++) {
            if (deny) {
                chain.deny(rules.get(i), path + "[" + i + "]");
            } else {
                chain.allow(rules.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void openings(ChainAssembler chain, List<Opening> openings) {
        for (Opening opening : openings) {
            String origin = "auto_allow: " + opening.purpose();
            switch (opening) {
                case Opening.Rule(FirewallRuleConfig rule, String purpose) -> chain.allow(rule, origin);
                case Opening.Statement(String statement, String purpose) -> chain.builtIn(statement, origin);
            }
        }
    }

    private static void collect(ChainAssembler chain, FirewallPolicy policy, List<NftSet> sets, List<NftChain> chains,
                                List<String> warnings) {
        sets.addAll(chain.meters());
        chains.addAll(chain.chains(policy));
        warnings.addAll(chain.warnings());
    }
}
