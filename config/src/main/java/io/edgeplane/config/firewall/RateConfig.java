package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.Optional;

/**
 * A rate-limited accept: new connections (and packets of no connection) past the rate are denied as the chain's
 * {@code deny} rules are. {@code per_source} keeps one bucket per source address (an nftables meter, as
 * iptables' {@code hashlimit --hashlimit-mode srcip}); {@code total} one for all sources together, as iptables'
 * {@code -m limit --limit 25/minute --limit-burst 100}.
 *
 * @param perSource the rate each source address may use
 * @param total     the rate all sources share
 * @param burst     how many may arrive back to back before the rate applies; 5 is iptables' and nftables' default
 */
public record RateConfig(Optional<PacketRate> perSource, Optional<PacketRate> total,
                         @Default("5") int burst) implements Checked {

    public static final int DEFAULT_BURST = 5;
    public static final int MAX_BURST = 1_000_000;

    public RateConfig {
        java.util.Objects.requireNonNull(perSource, "perSource");
        java.util.Objects.requireNonNull(total, "total");
    }

    /** The rate, whichever of the two is given. */
    public PacketRate rate() {
        return perSource.or(() -> total).orElseThrow(() -> new IllegalStateException("a checked rate has one rate"));
    }

    public boolean isPerSource() {
        return perSource.isPresent();
    }

    @Override
    public void check(Checks checks) {
        checks.require(perSource.isPresent() != total.isPresent(),
                perSource.isPresent() ? "per_source and total are both given" : "the rate is missing",
                "per_source: 25/minute (a bucket per client address) or total: 25/minute (one bucket, as -m limit)");
        if (checks.key("burst").require(burst >= 1 && burst <= MAX_BURST, "burst must be 1.." + MAX_BURST,
                "such as 100, as --limit-burst 100") && perSource.isPresent() != total.isPresent()) {
            rate().checkRefill(checks.key("burst"), burst);
        }
    }
}
