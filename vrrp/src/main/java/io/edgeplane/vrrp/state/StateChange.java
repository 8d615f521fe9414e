package io.edgeplane.vrrp.state;

import java.util.Objects;

/**
 * One transition of an instance or of a sync group.
 *
 * @param name     the instance's or the group's name
 * @param from     the state left
 * @param to       the state entered
 * @param reason   why
 * @param atNanos  when, on the instance's monotonic clock
 */
public record StateChange(String name, VrrpState from, VrrpState to, TransitionReason reason, long atNanos) {
    public StateChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (from == to) {
            throw new IllegalArgumentException("a state change must change the state, got " + from + " to " + to);
        }
    }
}
