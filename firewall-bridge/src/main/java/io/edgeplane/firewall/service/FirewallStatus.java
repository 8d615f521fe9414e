package io.edgeplane.firewall.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The firewall as the stats page and {@code /stats.json} show it.
 *
 * @param digest    the ruleset in force, as its table comment names it
 * @param rules     how many rules it has, in every chain
 * @param appliedAt when it was applied (or found already in force)
 * @param checkedAt when the kernel's table was last read; empty before the first check
 * @param drift     how the kernel's table differs from the one applied, if it does (deleted, edited by hand)
 * @param denied    packets each chain denied, as the kernel counted them at the last check
 * @param warnings  what the config probably did not mean (a listener no rule opens)
 * @param onStop    what happens to the table when edgeplane stops: {@code keep} or {@code remove}
 */
public record FirewallStatus(String digest, int rules, Instant appliedAt, Optional<Instant> checkedAt,
                             List<String> drift, Map<String, Long> denied, List<String> warnings, String onStop) {

    public FirewallStatus {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(checkedAt, "checkedAt");
        drift = List.copyOf(drift);
        denied = Map.copyOf(denied);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(onStop, "onStop");
    }

    /** Whether the kernel held the applied ruleset at the last check. */
    public boolean inSync() {
        return drift.isEmpty();
    }
}
