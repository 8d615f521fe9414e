package io.edgeplane.vrrp.track;

import io.edgeplane.vrrp.state.VrrpInstance;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one instance's trackers add up to, in the form {@link VrrpInstance} takes it.
 *
 * @param weightSum the sum of the trackers' contributions ({@link io.edgeplane.vrrp.state.TrackingPriority#contribution}),
 *                  for {@link VrrpInstance#setTrackingWeight}
 * @param faults    the trackers that hold the instance in FAULT, by {@link Tracker#name()}: weight 0 and down, or
 *                  weight 0 and no result yet; for {@link VrrpInstance#addFault}
 * @param unknown   the trackers without a result yet, whatever their weight: while any is left, the instance
 *                  starts (or stays) in FAULT only because of them, as keepalived holds an instance whose scripts
 *                  are initialising, and without running the fault notify program
 */
public record TrackingStatus(int weightSum, Set<String> faults, Set<String> unknown) {

    public TrackingStatus {
        faults = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(faults, "faults")));
        unknown = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(unknown, "unknown")));
    }

    /** Whether every tracker has reported once. */
    public boolean settled() {
        return unknown.isEmpty();
    }

    /** Whether a fault holds the instance for another reason than a tracker still without a result. */
    public boolean faultedByResult() {
        return faults.stream().anyMatch(f -> !unknown.contains(f));
    }

    /**
     * Brings {@code instance} to this status: new faults first, then the weight, then the faults that cleared, so
     * that one fault replacing another never lets the instance out of FAULT in between, and it leaves FAULT with
     * its new priority. Call it on the instance's thread. Assumes every fault of the instance comes from its
     * {@link InstanceTracking}: a fault not listed here is cleared.
     */
    public void applyTo(VrrpInstance instance) {
        Objects.requireNonNull(instance, "instance");
        Set<String> present = instance.faults();
        for (String fault : faults) {
            if (!present.contains(fault)) {
                instance.addFault(fault);
            }
        }
        instance.setTrackingWeight(weightSum);
        for (String fault : present) {
            if (!faults.contains(fault)) {
                instance.clearFault(fault);
            }
        }
    }
}
