package io.edgeplane.vrrp.state;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * keepalived's {@code vrrp_sync_group}: instances that change state together, so that a router is master for all
 * of them or for none (the inside and the outside of a firewall). The rules, as keepalived 2.2's vrrp_sync.c has
 * them:
 * <ul>
 *   <li>MASTER together, and only when every member wants it: a member whose master down timer expires while
 *       another member still hears a master stays BACKUP, remembers it wants MASTER, and waits another
 *       Master_Down_Interval ("prefer backup state to avoid thrashing"); when the last member wants it, all of
 *       them become master at once;</li>
 *   <li>BACKUP together: a master member that yields to a better master takes the other masters to BACKUP (they
 *       stop advertising without sending priority 0);</li>
 *   <li>FAULT together: one member's fault puts them all in FAULT (masters send priority 0); they come back to
 *       BACKUP together when no member has a fault left.</li>
 * </ul>
 * A member joins before it starts. Stopping is not synchronised: the service stops every member. Not thread-safe:
 * the group and its members are driven from one thread.
 */
public final class VrrpSyncGroup {

    private final String name;
    private final List<VrrpInstance> members;
    private final Consumer<StateChange> listener;
    private VrrpState state = VrrpState.BACKUP;

    /**
     * @param listener told of the group's own transitions, for keepalived's group notify scripts
     */
    public VrrpSyncGroup(String name, List<VrrpInstance> members, Consumer<StateChange> listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.members = List.copyOf(Objects.requireNonNull(members, "members"));
        this.listener = Objects.requireNonNull(listener, "listener");
        if (this.members.size() < 2) {
            throw new IllegalArgumentException("sync group " + name + " needs at least 2 members, got "
                    + this.members.size());
        }
        if (this.members.stream().distinct().count() != this.members.size()) {
            throw new IllegalArgumentException("sync group " + name + " lists a member twice");
        }
        for (VrrpInstance member : this.members) {
            member.joinGroup(this);
        }
    }

    public String name() {
        return name;
    }

    /** BACKUP, MASTER or FAULT: the state the group last synchronised its members to. */
    public VrrpState state() {
        return state;
    }

    public List<VrrpInstance> members() {
        return members;
    }

    boolean canGoToMaster(VrrpInstance candidate) {
        if (state == VrrpState.MASTER) {
            return true;
        }
        if (state == VrrpState.FAULT) {
            return false;
        }
        for (VrrpInstance member : members) {
            if (member != candidate && !member.wantsMaster()) {
                return false;
            }
        }
        return true;
    }

    void memberBecameMaster(VrrpInstance leader, TransitionReason reason, long now) {
        if (state == VrrpState.MASTER) {
            return;
        }
        VrrpState from = state;
        state = VrrpState.MASTER;
        for (VrrpInstance member : members) {
            if (member != leader) {
                member.followToMaster(now);
            }
        }
        listener.accept(new StateChange(name, from, state, reason, now));
    }

    void memberYielded(VrrpInstance leader, TransitionReason reason, long now) {
        if (state == VrrpState.BACKUP) {
            return;
        }
        VrrpState from = state;
        state = VrrpState.BACKUP;
        for (VrrpInstance member : members) {
            if (member != leader) {
                member.followToBackup(now);
            }
        }
        listener.accept(new StateChange(name, from, state, reason, now));
    }

    void memberFaulted(VrrpInstance leader, long now) {
        if (state == VrrpState.FAULT) {
            return;
        }
        VrrpState from = state;
        state = VrrpState.FAULT;
        for (VrrpInstance member : members) {
            if (member != leader) {
                member.followToFault(now);
            }
        }
        listener.accept(new StateChange(name, from, state, TransitionReason.FAULT, now));
    }

    void memberRecovered(long now) {
        if (state != VrrpState.FAULT) {
            return;
        }
        for (VrrpInstance member : members) {
            if (member.hasOwnFault()) {
                return;
            }
        }
        state = VrrpState.BACKUP;
        for (VrrpInstance member : members) {
            member.followOutOfFault(TransitionReason.FAULT_CLEARED, now);
        }
        listener.accept(new StateChange(name, VrrpState.FAULT, state, TransitionReason.FAULT_CLEARED, now));
    }
}
