package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.List;
import java.util.Objects;

/**
 * The forward chain: packets the node routes between its networks, such as the bridge between IT and OT. Denied by
 * default, with the flows allowed listed. Its rules run in this order: packets of established connections accepted
 * and invalid ones dropped ({@code established}); {@code deny}; {@code allow}; then {@code policy}. Without a
 * {@code forward} section edgeplane adds no forward chain, and routing is left to the kernel and other tools (Docker).
 *
 * @param policy      what happens to a packet no rule accepted
 * @param allow       the flows that may pass, each from a zone to a zone
 * @param deny        flows that may not start, even where {@code allow} would let them
 * @param established accept packets of connections already accepted, and drop invalid ones, so that the replies
 *                    of an allowed flow come back; false = every packet is judged alone, as a FORWARD chain with no
 *                    state match
 */
public record ForwardConfig(
        @Default("drop") FirewallPolicy policy,
        List<FirewallRuleConfig> allow,
        List<FirewallRuleConfig> deny,
        @Default("true") boolean established) implements Checked {

    public ForwardConfig {
        Objects.requireNonNull(policy, "policy");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    @Override
    public void check(Checks checks) {
        ChainRules.check(checks, allow, deny);
    }
}
