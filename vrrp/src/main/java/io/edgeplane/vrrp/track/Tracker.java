package io.edgeplane.vrrp.track;

/**
 * One thing whose health VRRP tracks: a check script, a proxy listener or pool, an interface. A tracker may be
 * shared by several instances (keepalived runs a script once for all the instances that track it); each
 * {@link InstanceTracking} subscribes to it and gives it its own weight.
 */
public interface Tracker {

    /**
     * How fault causes and logs name it: {@code script chk_dns}, {@code listener public_https}, {@code pool web},
     * {@code interface eth1}.
     */
    String name();

    /** The current state; safe to call from any thread. */
    TrackedState state();

    /**
     * Calls {@code listener} after each change of {@link #state()}, on the tracker's own thread (a script's
     * executor, a timer, a link monitor); the listener reads the state itself, so a late call is harmless. It
     * must be quick and must not block.
     */
    Subscription subscribe(Runnable listener);
}
