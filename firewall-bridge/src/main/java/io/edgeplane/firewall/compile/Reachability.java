package io.edgeplane.firewall.compile;

import io.edgeplane.config.firewall.FirewallPolicy;
import io.edgeplane.config.firewall.FirewallRuleConfig;
import io.edgeplane.config.firewall.InputConfig;
import io.edgeplane.config.firewall.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Without {@code auto_allow}, finds the listeners no allow rule opens at all, so that a config cannot leave a
 * listener silently unreachable: the operator is told which, and how to open it. Addresses are not compared, only
 * ports and protocols: a rule that opens the port to anyone is taken as meant.
 */
final class Reachability {

    private Reachability() {
    }

    static List<String> unreachable(List<Opening> needed, InputConfig input) {
        List<String> warnings = new ArrayList<>();
        if (input.policy() == FirewallPolicy.ACCEPT) {
            return warnings;
        }
        FirewallRuleConfig ssh = new FirewallRuleConfig(List.of(), List.of(), List.of(),
                List.of(new PortRange(22, 22, java.util.Optional.of(PortRange.Transport.TCP))), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty());
        if (input.allow().stream().noneMatch(allow -> covers(allow, ssh))) {
            warnings.add("no firewall.input.allow rule opens SSH (tcp/22): a session open now survives, a new one will "
                    + "not connect; { port: 22/tcp } opens it, as ufw allow 22/tcp");
        }
        for (Opening opening : needed) {
            if (opening instanceof Opening.Rule(FirewallRuleConfig rule, String purpose)
                    && input.allow().stream().noneMatch(allow -> covers(allow, rule))) {
                warnings.add(purpose + " is unreachable: no firewall.input.allow rule opens " + describe(rule)
                        + " (auto_allow: true opens it to the networks it serves)");
            }
        }
        // One listener may need several openings (DNS from the DHCP interface and from relayed networks): one warning
        return warnings.stream().distinct().toList();
    }

    /** Whether {@code allow} lets in at least some of what {@code needed} matches. */
    static boolean covers(FirewallRuleConfig allow, FirewallRuleConfig needed) {
        if (allow.ports().isEmpty()) {
            return allow.protocol().isEmpty() || allow.protocol().equals(needed.protocol())
                    || (!needed.ports().isEmpty() && allow.protocol().get().hasPorts()
                    && needed.ports().stream().anyMatch(p -> needed.transports(p).stream()
                    .anyMatch(t -> t.keyword().equals(allow.protocol().get().toString()))));
        }
        for (PortRange want : needed.ports()) {
            for (PortRange have : allow.ports()) {
                if (have.contains(want.first()) && allow.transports(have).stream()
                        .anyMatch(t -> needed.transports(want).contains(t))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(FirewallRuleConfig rule) {
        if (rule.ports().isEmpty()) {
            return "protocol " + rule.protocol().map(Object::toString).orElse("any");
        }
        PortRange port = rule.ports().getFirst();
        return String.join("+", rule.transports(port).stream().map(PortRange.Transport::keyword).toList()) + "/" + port.ports();
    }
}
