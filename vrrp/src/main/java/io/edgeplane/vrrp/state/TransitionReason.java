package io.edgeplane.vrrp.state;

/** Why an instance changed state, for notify scripts, logs and metrics. */
public enum TransitionReason {
    /** Started as a backup. */
    STARTED,
    /** Started as the address owner (priority 255): master at once, as RFC 5798 §6.4.1 says. */
    STARTED_AS_OWNER,
    /** Started while a fault was present. */
    STARTED_IN_FAULT,
    /** The master down timer expired: no advertisement from a master good enough to keep us backup. */
    MASTER_DOWN,
    /** The master sent priority 0 and the shortened master down timer (Skew_Time) expired. */
    MASTER_RELEASED,
    /** A master saw an advertisement with a higher priority. */
    HIGHER_PRIORITY_SEEN,
    /** A master saw an advertisement with its priority from a higher primary address. */
    EQUAL_PRIORITY_HIGHER_ADDRESS,
    /** Another member of the sync group changed state and took this one along. */
    SYNC_GROUP,
    /** A fault appeared: interface down, or a tracked thing of weight 0 failed. */
    FAULT,
    /** The last fault cleared. */
    FAULT_CLEARED,
    /** Stopped by the service (shutdown or reload); a master sent priority 0. */
    STOPPED
}
