package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.List;
import java.util.Objects;

/**
 * The input chain: packets addressed to the node itself. Its rules run in this order: loopback accepted; packets of
 * established connections accepted and invalid ones dropped ({@code established}); ICMP errors and the ICMPv6
 * neighbour discovery IPv6 cannot work without; what VRRP's {@code accept: false} drops; {@code deny}; pings
 * ({@code ping}); DHCP and DHCPv6 replies to the node's own client; {@code allow} and what {@code auto_allow} opens;
 * then {@code policy}. ufw's order, but for {@code deny}, which here also refuses pings from what it names.
 *
 * @param policy      what happens to a packet no rule accepted; {@code drop} is ufw's {@code default deny incoming}
 * @param allow       what may reach the node
 * @param deny        what may not, even where {@code allow} would let it in
 * @param established accept packets of connections already accepted, and drop invalid ones (ufw's before.rules, the
 *                    seed's {@code -m state --state RELATED,ESTABLISHED -j ACCEPT})
 * @param ping        answer pings (ICMP and ICMPv6 echo requests), as ufw does by default
 */
public record InputConfig(
        @Default("drop") FirewallPolicy policy,
        List<FirewallRuleConfig> allow,
        List<FirewallRuleConfig> deny,
        @Default("true") boolean established,
        @Default("true") boolean ping) implements Checked {

    public InputConfig {
        Objects.requireNonNull(policy, "policy");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    @Override
    public void check(Checks checks) {
        ChainRules.check(checks, allow, deny);
    }
}
