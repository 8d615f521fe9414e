package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.VrrpAdvertisement;

/**
 * keepalived's arithmetic of tracked interfaces, scripts, files and BFD sessions. Each tracked thing has a weight:
 * a positive weight is added while it is up, a negative one while it is down, and weight 0 means a failure puts the
 * instance in FAULT instead (the service raises a fault then). The effective priority is the base priority plus
 * the sum, kept within 1 to 254 so that tracking can neither stop an instance nor make it the owner; the address
 * owner's 255 is never changed by tracking, as in keepalived's {@code vrrp_set_effective_priority}.
 */
public final class TrackingPriority {

    private TrackingPriority() {
    }

    /** What one tracked thing adds to the priority now. */
    public static int contribution(int weight, boolean up) {
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("weight must be from -254 to 254, got " + weight);
        }
        return weight > 0 && up || weight < 0 && !up ? weight : 0;
    }

    /** Whether a tracked thing with this weight puts the instance in FAULT now. */
    public static boolean faults(int weight, boolean up) {
        return weight == 0 && !up;
    }

    /** The effective priority for a base priority and the sum of the contributions. */
    public static int effective(int basePriority, int weightSum) {
        if (basePriority < 1 || basePriority > VrrpAdvertisement.PRIORITY_OWNER) {
            throw new IllegalArgumentException("base priority must be from 1 to 255, got " + basePriority);
        }
        if (basePriority == VrrpAdvertisement.PRIORITY_OWNER) {
            return basePriority;
        }
        long total = (long) basePriority + weightSum;
        return (int) Math.max(1, Math.min(VrrpAdvertisement.PRIORITY_OWNER - 1, total));
    }
}
