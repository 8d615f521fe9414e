package io.edgeplane.config.ntp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;

/**
 * When the disciplined clock is stepped instead of slewed (chrony's {@code makestep}): an offset above
 * {@code threshold} is corrected at once, but only in the first {@code limit} clock updates, so a clock far off
 * at start is right within seconds and one in service never jumps. With {@code discipline: none} the stepped
 * clock is edgeplane's own time scale; with {@code system}, the system clock.
 *
 * @param threshold offsets above this are stepped; smaller ones are slewed
 * @param limit     steps are allowed only in the first this many clock updates; 0 = never step, -1 = on any update
 */
public record NtpMakestepConfig(
        @Default("1s") Duration threshold,
        @Default("3") int limit) implements Checked {

    /** Stepping in any update, chrony's negative {@code makestep} limit. */
    public static final int ALWAYS = -1;

    public NtpMakestepConfig {
        Objects.requireNonNull(threshold, "threshold");
    }

    /** {@code makestep 1 3}: what chrony's example configs and {@code makestep} left out here use. */
    public static NtpMakestepConfig defaults() {
        return new NtpMakestepConfig(Duration.ofSeconds(1), 3);
    }

    @Override
    public void check(Checks checks) {
        checks.key("threshold").require(!threshold.isNegative(), "threshold must be 0s or more", "1s, or 100ms");
        checks.key("limit").require(limit >= ALWAYS, "limit must be -1 (step on any update), 0 (never step) or more",
                "3: step only in the first three clock updates");
    }
}
