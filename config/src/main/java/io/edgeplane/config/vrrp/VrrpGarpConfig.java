package io.edgeplane.config.vrrp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Gratuitous ARPs (IPv6: unsolicited neighbour advertisements) sent for the virtual IPs, so switches and
 * neighbours learn where they moved. On becoming MASTER a burst of {@code repeat} is sent at once and another
 * after {@code master_delay}; while MASTER, a burst of {@code refresh_repeat} every {@code refresh}.
 * The defaults are keepalived 2.2.7's global ones ({@code vrrp_garp_master_*}).
 *
 * @param masterDelay   the delay of the second burst after becoming MASTER; 0 = no second burst
 *                      (keepalived's {@code garp_master_delay})
 * @param repeat        messages per address in each burst on becoming MASTER ({@code garp_master_repeat})
 * @param refresh       the interval of refresh bursts while MASTER; 0 = none ({@code garp_master_refresh})
 * @param refreshRepeat messages per address in each refresh burst ({@code garp_master_refresh_repeat})
 */
public record VrrpGarpConfig(
        @Default("5s") Duration masterDelay,
        @Default("5") int repeat,
        @Default("0s") Duration refresh,
        @Default("1") int refreshRepeat) implements Checked {

    static final Duration MAX_DELAY = Duration.ofHours(1);
    static final int MAX_REPEAT = 255;

    public VrrpGarpConfig {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(refresh, "refresh");
    }

    /** keepalived 2.2.7's defaults: a second burst after 5 s, 5 messages a burst, no refresh. */
    public static VrrpGarpConfig defaults() {
        return new VrrpGarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, 1);
    }

    @Override
    public void check(Checks checks) {
        checks.key("master_delay").require(!masterDelay.isNegative() && masterDelay.compareTo(MAX_DELAY) <= 0,
                "master_delay " + Durations.format(masterDelay) + " is out of range", "0s (no second burst) to 1h; 5s as keepalived");
        checks.key("repeat").require(repeat >= 1 && repeat <= MAX_REPEAT, "repeat must be 1.." + MAX_REPEAT,
                "5, as keepalived sends by default");
        checks.key("refresh").require(!refresh.isNegative() && refresh.compareTo(MAX_DELAY) <= 0,
                "refresh " + Durations.format(refresh) + " is out of range", "0s (no refresh) to 1h, such as 60s");
        checks.key("refresh_repeat").require(refreshRepeat >= 1 && refreshRepeat <= MAX_REPEAT,
                "refresh_repeat must be 1.." + MAX_REPEAT, "1, as keepalived sends by default");
    }
}
