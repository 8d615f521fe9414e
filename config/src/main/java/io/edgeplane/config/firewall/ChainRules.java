package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checks;
import java.util.List;

/** The checks every chain's {@code allow} and {@code deny} lists share. */
final class ChainRules {

    private ChainRules() {
    }

    static void check(Checks checks, List<FirewallRuleConfig> allow, List<FirewallRuleConfig> deny) {
        for (int i = 0; i < allow.size(); i++) {
            checks.key("allow").index(i).require(!allow.get(i).matchesEverything(),
                    "the rule matches every packet", "from, to, interface, port or protocol; or policy: accept");
        }
        for (int i = 0; i < deny.size(); i++) {
            FirewallRuleConfig rule = deny.get(i);
            checks.key("deny").index(i).require(!rule.matchesEverything(), "the rule matches every packet",
                    "from, to, interface, port or protocol; or policy: drop");
            checks.key("deny").index(i).key("rate").require(rule.rate().isEmpty(), "a deny rule has no rate",
                    "rate on an allow rule: it accepts up to the rate and denies the rest");
        }
    }
}
