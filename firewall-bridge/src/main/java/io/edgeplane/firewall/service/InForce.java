package io.edgeplane.firewall.service;

import io.edgeplane.config.firewall.FirewallConfig;
import io.edgeplane.firewall.apply.FirewallApplier;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.time.Instant;
import java.util.Objects;

/**
 * The ruleset in force, with the settings and the nft it was applied through.
 *
 * @param ruleset   the compiled ruleset
 * @param digest    its digest, as the kernel's table comment names it
 * @param config    the firewall section it came from
 * @param applier   the nft it was applied through, for later checks, restores and removal
 * @param appliedAt when it was applied or found in force
 */
record InForce(Ruleset ruleset, String digest, FirewallConfig config, FirewallApplier applier, Instant appliedAt) {

    InForce {
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(applier, "applier");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }
}
