package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.List;
import java.util.Objects;

/**
 * The output chain: packets the node itself sends. Allowed by default, as ufw's {@code default allow outgoing};
 * without an {@code output} section edgeplane adds no output chain. Its rules run in this order: loopback accepted;
 * packets of established connections accepted ({@code established}); {@code deny}; {@code allow} and, with
 * {@code auto_allow}, what the node's own services send; then {@code policy}.
 *
 * @param policy      what happens to a packet no rule accepted
 * @param allow       where the node may send
 * @param deny        where it may not
 * @param established accept packets of connections already accepted
 */
public record OutputConfig(
        @Default("accept") FirewallPolicy policy,
        List<FirewallRuleConfig> allow,
        List<FirewallRuleConfig> deny,
        @Default("true") boolean established) implements Checked {

    public OutputConfig {
        Objects.requireNonNull(policy, "policy");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    @Override
    public void check(Checks checks) {
        ChainRules.check(checks, allow, deny);
        for (int i = 0; i < allow.size(); i++) {
            // What the node sends has the node's own address as its source: one bucket per source is one bucket.
            checks.key("allow").index(i).key("rate").require(allow.get(i).rate().map(r -> !r.isPerSource()).orElse(true),
                    "per_source on the output chain would count by the node's own address",
                    "total: a rate for everything the rule matches");
        }
    }
}
