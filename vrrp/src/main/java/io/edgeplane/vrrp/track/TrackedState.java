package io.edgeplane.vrrp.track;

/** What a tracker says about the thing it watches. */
public enum TrackedState {
    /**
     * No result yet: a script that has not finished its first run, a proxy not yet polled, an interface whose
     * state the kernel has not reported yet. It moves no priority; with weight 0 it holds the instance in FAULT,
     * as keepalived holds an instance while its scripts initialise.
     */
    UNKNOWN,
    /** Healthy: the script succeeds, the listener accepts, the pool has a server, the link is up. */
    UP,
    /** Failing. */
    DOWN
}
