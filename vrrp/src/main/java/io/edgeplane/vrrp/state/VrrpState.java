package io.edgeplane.vrrp.state;

/** The states of a VRRP instance: RFC 5798's three and keepalived's FAULT. */
public enum VrrpState {
    /** Not started, or stopped: sends nothing, listens to nothing. */
    INITIALIZE,
    /** Watches the master's advertisements and takes over when they stop or a preemption is due. */
    BACKUP,
    /** Holds the virtual addresses, advertises them, answers for them. */
    MASTER,
    /**
     * keepalived's FAULT: the interface is down or a tracked thing with weight 0 failed. Sends nothing, ignores
     * what it receives, holds no address; comes back as BACKUP when every fault is gone.
     */
    FAULT
}
