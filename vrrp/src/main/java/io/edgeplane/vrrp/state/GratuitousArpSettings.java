package io.edgeplane.vrrp.state;

import java.time.Duration;
import java.util.Objects;

/**
 * When a master announces its virtual addresses, in keepalived's terms. A zero delay or refresh turns that part
 * off; a repeat of 0 sends nothing. The spacing of ARPs within a round ({@code garp_interval}) is the service's.
 *
 * @param masterDelay         {@code garp_master_delay}: the second set after becoming master
 * @param masterRepeat        {@code garp_master_repeat}: rounds in each of the two sets
 * @param masterRefresh       {@code garp_master_refresh}: a set every this long while master
 * @param masterRefreshRepeat {@code garp_master_refresh_repeat}: rounds in each refresh
 * @param lowerPriorityDelay  {@code garp_lower_prio_delay}: the second set after a lower priority advert as master
 * @param lowerPriorityRepeat {@code garp_lower_prio_repeat}: rounds in each of those sets
 */
public record GratuitousArpSettings(
        Duration masterDelay,
        int masterRepeat,
        Duration masterRefresh,
        int masterRefreshRepeat,
        Duration lowerPriorityDelay,
        int lowerPriorityRepeat) {

    /**
     * keepalived 2.2's defaults: 5 rounds at once and 5 more after 5 s, no refresh (1 round if turned on), and the
     * lower priority sets as the master sets ({@code vrrp_garp_lower_prio_*} default to {@code vrrp_garp_*}).
     */
    public static final GratuitousArpSettings KEEPALIVED_DEFAULTS = new GratuitousArpSettings(
            Duration.ofSeconds(5), 5, Duration.ZERO, 1, Duration.ofSeconds(5), 5);

    public GratuitousArpSettings {
        nonNegative("masterDelay", masterDelay);
        nonNegative("masterRefresh", masterRefresh);
        nonNegative("lowerPriorityDelay", lowerPriorityDelay);
        nonNegative("masterRepeat", masterRepeat);
        nonNegative("masterRefreshRepeat", masterRefreshRepeat);
        nonNegative("lowerPriorityRepeat", lowerPriorityRepeat);
    }

    private static void nonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    private static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
