package io.edgeplane.firewall.compile;

import io.edgeplane.config.firewall.FirewallRuleConfig;
import java.util.Objects;

/**
 * Something another section of the config needs the firewall to let through, as {@code auto_allow} opens it: a
 * rule like one written by hand, or a statement no rule key can say (a DHCP server's replies from port 67).
 */
sealed interface Opening {

    /** What needs it, for the rule's origin and for warnings: {@code proxy listener north 0.0.0.0:8080}. */
    String purpose();

    /** An opening a firewall rule expresses. */
    record Rule(FirewallRuleConfig rule, String purpose) implements Opening {
        public Rule {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    /** An opening written as an nft statement. */
    record Statement(String statement, String purpose) implements Opening {
        public Statement {
            Objects.requireNonNull(statement, "statement");
            Objects.requireNonNull(purpose, "purpose");
        }
    }
}
