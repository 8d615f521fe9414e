package io.edgeplane.gateway.stats;

import io.edgeplane.firewall.service.FirewallStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A firewall as an operator might find it at the proxy fixture's {@link ProxyStatsFixture#NOW}: a ruleset of 19 rules
 * applied 3h12m ago, the kernel's table read 12 seconds ago, packets denied in the input and output chains and none
 * in the forward chain, and one warning; or the same with the table deleted behind edgeplane's back, or not read
 * back yet. Public for the admin tests of {@code /stats.json}.
 */
public final class FirewallStatsFixture {

    public static final String DIGEST = "1c73c190d66202f5";
    public static final String WARNING = "admin listener 198.18.0.1:8404 is unreachable: no firewall.input.allow rule "
            + "opens tcp/8404 (auto_allow: true opens it to the networks it serves)";
    public static final String MISSING = "table inet edgeplane is missing from the kernel";

    private FirewallStatsFixture() {
    }

    /** In sync at the last check. */
    public static FirewallStatus status() {
        return status(List.of(), Map.of("input", 1234L, "output", 7L, "forward", 0L), List.of(WARNING));
    }

    /** The table deleted since it was applied: the last check found it missing, and counted nothing. */
    public static FirewallStatus drifted() {
        return status(List.of(MISSING, "chain input has 12 rules in the kernel, expected 11"), Map.of(),
                List.of(WARNING));
    }

    public static FirewallStatus status(List<String> drift, Map<String, Long> denied, List<String> warnings) {
        return new FirewallStatus(DIGEST, 19, ProxyStatsFixture.NOW.minus(Duration.ofHours(3).plusMinutes(12)),
                Optional.of(ProxyStatsFixture.NOW.minusSeconds(12)), drift, denied, warnings, "keep");
    }

    /** Applied, and the kernel's table not read back since. */
    public static FirewallStatus notChecked() {
        return new FirewallStatus(DIGEST, 1, ProxyStatsFixture.NOW.minusSeconds(5), Optional.empty(), List.of(),
                Map.of(), List.of(), "remove");
    }

    /** The proxy fixture's page, with this firewall (or none). */
    public static StatsPageModel model(Optional<FirewallStatus> firewall) {
        StatsPageModel base = ProxyStatsFixture.model(false);
        return new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), firewall, false, Duration.ZERO);
    }
}
