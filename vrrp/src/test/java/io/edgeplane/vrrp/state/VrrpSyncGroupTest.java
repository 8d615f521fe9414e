package io.edgeplane.vrrp.state;

import static io.edgeplane.vrrp.state.VrrpInstanceTest.GROUP;
import static io.edgeplane.vrrp.state.VrrpInstanceTest.HIGHER;
import static io.edgeplane.vrrp.state.VrrpInstanceTest.ME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Members of a sync group change state together, as keepalived's vrrp_sync.c has them. */
class VrrpSyncGroupTest {

    static final long S = 1_000_000_000L;
    static final InetAddress INSIDE = InetAddress.ofLiteral("198.18.0.100");
    static final InetAddress OUTSIDE = InetAddress.ofLiteral("198.18.1.100");

    final FakeClock clock = new FakeClock(0);
    final RecordingActions insideActions = new RecordingActions();
    final RecordingActions outsideActions = new RecordingActions();
    final List<StateChange> groupChanges = new ArrayList<>();
    final VrrpInstance inside = new VrrpInstance(VrrpInstanceSettings.builder("inside", 1, 100,
            List.of(INSIDE)).build(), ME, clock, insideActions);
    final VrrpInstance outside = new VrrpInstance(VrrpInstanceSettings.builder("outside", 2, 200,
            List.of(OUTSIDE)).build(), ME, clock, outsideActions);
    final VrrpSyncGroup group = new VrrpSyncGroup("firewall", List.of(inside, outside), groupChanges::add);

    void runUntil(long until) {
        while (true) {
            long next = Long.MAX_VALUE;
            for (VrrpInstance member : group.members()) {
                if (member.nextDeadline().isPresent()) {
                    next = Math.min(next, member.nextDeadline().getAsLong());
                }
            }
            if (next > until) {
                break;
            }
            clock.set(Math.max(clock.getAsLong(), next));
            for (VrrpInstance member : group.members()) {
                member.onTimer();
            }
        }
        clock.set(until);
    }

    void becomeMasters() {
        inside.start();
        outside.start();
        runUntil(inside.masterDownIntervalNanos());
        assertThat(group.state()).isEqualTo(VrrpState.MASTER);
        insideActions.take();
        outsideActions.take();
        groupChanges.clear();
    }

    @Test
    void membersBecomeMasterTogetherOnlyWhenAllWantIt() {
        inside.start();
        outside.start();

        // outside (200) times out first, at 3.22 s, but inside does not want MASTER yet: outside waits.
        runUntil(outside.masterDownIntervalNanos());
        assertThat(outside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(outside.nextDeadline()).hasValue(2 * outside.masterDownIntervalNanos());

        // inside times out at 3.61 s; both want MASTER now, and both become it.
        runUntil(inside.masterDownIntervalNanos());
        assertThat(inside.state()).isEqualTo(VrrpState.MASTER);
        assertThat(outside.state()).isEqualTo(VrrpState.MASTER);
        assertThat(outsideActions.changes().getLast().reason()).isEqualTo(TransitionReason.SYNC_GROUP);
        assertThat(outsideActions.sentPriorities()).containsExactly(200);
        assertThat(groupChanges).containsExactly(new StateChange("firewall", VrrpState.BACKUP, VrrpState.MASTER,
                TransitionReason.MASTER_DOWN, inside.masterDownIntervalNanos()));
    }

    @Test
    void aMemberThatHearsAMasterKeepsTheWholeGroupBackup() {
        inside.start();
        outside.start();
        VrrpAdvertisement outsideMaster = new VrrpAdvertisement(2, 2, 250, Authentication.NONE, 1,
                List.of(OUTSIDE));
        for (int second = 1; second <= 20; second++) {
            runUntil(second * S);
            outside.receive(outsideMaster, HIGHER, GROUP);
        }

        assertThat(inside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(outside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(insideActions.sentPriorities()).isEmpty();

        runUntil(20 * S + outside.masterDownIntervalNanos());
        assertThat(group.state()).isEqualTo(VrrpState.MASTER);
        assertThat(inside.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aMemberYieldingTakesTheOthersToBackupWithoutPriorityZero() {
        becomeMasters();

        inside.receive(new VrrpAdvertisement(2, 1, 150, Authentication.NONE, 1, List.of(INSIDE)), HIGHER, GROUP);

        assertThat(inside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(outside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(outsideActions.sentPriorities()).isEmpty();
        assertThat(outsideActions.changes()).extracting(StateChange::reason)
                .containsExactly(TransitionReason.SYNC_GROUP);
        assertThat(groupChanges).extracting(StateChange::to).containsExactly(VrrpState.BACKUP);
        assertThat(outside.nextDeadline()).hasValue(clock.getAsLong() + outside.masterDownIntervalNanos());
    }

    @Test
    void oneFaultFaultsAllAndTheyComeBackWhenNoneIsLeft() {
        becomeMasters();

        inside.addFault("eth1 down");
        outside.addFault("check_fw");

        assertThat(inside.state()).isEqualTo(VrrpState.FAULT);
        assertThat(outside.state()).isEqualTo(VrrpState.FAULT);
        assertThat(insideActions.sentPriorities()).containsExactly(0);
        assertThat(outsideActions.sentPriorities()).containsExactly(0);
        assertThat(groupChanges).extracting(StateChange::to).containsExactly(VrrpState.FAULT);

        inside.clearFault("eth1 down");
        assertThat(inside.state()).isEqualTo(VrrpState.FAULT);
        outside.clearFault("check_fw");

        assertThat(inside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(outside.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(group.state()).isEqualTo(VrrpState.BACKUP);
        runUntil(clock.getAsLong() + inside.masterDownIntervalNanos());
        assertThat(group.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aMemberStartingWhileTheGroupIsInFaultStartsInFault() {
        inside.addFault("eth1 down");
        inside.start();
        outside.start();

        assertThat(group.state()).isEqualTo(VrrpState.FAULT);
        assertThat(outside.state()).isEqualTo(VrrpState.FAULT);
        assertThat(outside.nextDeadline()).isEmpty();
    }

    @Test
    void anOwnerInAGroupWaitsForTheGroup() {
        RecordingActions ownerActions = new RecordingActions();
        VrrpInstance owner = new VrrpInstance(VrrpInstanceSettings.builder("owner", 3, 255,
                List.of(InetAddress.ofLiteral("198.18.2.100"))).build(), ME, clock, ownerActions);
        VrrpInstance other = new VrrpInstance(VrrpInstanceSettings.builder("other", 4, 100,
                List.of(InetAddress.ofLiteral("198.18.3.100"))).build(), ME, clock, new RecordingActions());
        new VrrpSyncGroup("mixed", List.of(owner, other), change -> { });

        owner.start();
        assertThat(owner.state()).isEqualTo(VrrpState.BACKUP);
        other.start();
        clock.set(other.masterDownIntervalNanos());
        other.onTimer();

        assertThat(owner.state()).isEqualTo(VrrpState.MASTER);
        assertThat(other.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aGroupNeedsTwoDistinctMembersThatHaveNotStarted() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VrrpSyncGroup("one", List.of(inside), c -> { }));
    }
}
