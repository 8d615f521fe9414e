package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;

/**
 * Logging of dropped and rejected packets to the kernel log, rate-limited so that a flood cannot fill the disk: ufw's
 * {@code logging low}, whose {@code [UFW BLOCK]} lines are limited to 3/minute with a burst of 10. Each chain logs as
 * {@code "PREFIX CHAIN: "}. {@code log_drops: 3/minute} sets the rate alone.
 *
 * @param rate   the most lines per unit of time, per chain
 * @param burst  how many lines may come back to back
 * @param prefix what each line starts with
 */
@ScalarForm("rate")
public record DropLogConfig(@Default("3/minute") PacketRate rate, @Default("10") int burst,
                            @Default("edgeplane drop") String prefix) implements Checked {

    /** nftables' log prefix holds 127 bytes; the chain's name and ": " are added. */
    public static final int MAX_PREFIX = 64;

    public DropLogConfig {
        java.util.Objects.requireNonNull(rate, "rate");
        java.util.Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public void check(Checks checks) {
        if (checks.key("burst").require(burst >= 1 && burst <= RateConfig.MAX_BURST,
                "burst must be 1.." + RateConfig.MAX_BURST, "10")) {
            rate.checkRefill(checks.key("burst"), burst);
        }
        // nft reads $ in a log prefix as a variable ("unknown identifier"), even between quotes
        checks.key("prefix").require(prefix.length() <= MAX_PREFIX && prefix.chars().allMatch(c -> c >= 0x20 && c < 0x7f
                        && c != '"' && c != '\\' && c != '$'), "the prefix must be at most " + MAX_PREFIX
                        + " printable ASCII characters without \", \\ or $",
                "such as edgeplane drop");
    }
}
