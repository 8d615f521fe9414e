package io.edgeplane.vrrp.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import io.edgeplane.vrrp.state.RecordingActions.AddAddresses;
import io.edgeplane.vrrp.state.RecordingActions.Arps;
import io.edgeplane.vrrp.state.RecordingActions.CancelArps;
import io.edgeplane.vrrp.state.RecordingActions.Changed;
import io.edgeplane.vrrp.state.RecordingActions.Notice;
import io.edgeplane.vrrp.state.RecordingActions.RemoveAddresses;
import io.edgeplane.vrrp.state.RecordingActions.Sent;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every transition of one instance, driven by a fake clock and hand-made adverts. */
class VrrpInstanceTest {

    static final InetAddress VIP = InetAddress.ofLiteral("198.18.0.100");
    static final InetAddress ME = InetAddress.ofLiteral("198.18.0.2");
    static final InetAddress LOWER = InetAddress.ofLiteral("198.18.0.1");
    static final InetAddress HIGHER = InetAddress.ofLiteral("198.18.0.3");
    static final InetAddress GROUP = InetAddress.ofLiteral("224.0.0.18");
    static final long START = 1_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    final FakeClock clock = new FakeClock(START);
    final RecordingActions actions = new RecordingActions();

    VrrpInstance instance(int priority) {
        return instance(priority, b -> b);
    }

    VrrpInstance instance(int priority, UnaryOperator<VrrpInstanceSettings.Builder> tweak) {
        VrrpInstanceSettings settings = tweak.apply(VrrpInstanceSettings.builder("VI_1", 51, priority, List.of(VIP)))
                .build();
        return new VrrpInstance(settings, ME, clock, actions);
    }

    static VrrpAdvertisement advert(int priority) {
        return new VrrpAdvertisement(2, 51, priority, Authentication.NONE, 1, List.of(VIP));
    }

    /** Fires every deadline up to {@code until}, then leaves the clock there. */
    void runUntil(VrrpInstance instance, long until) {
        while (instance.nextDeadline().isPresent() && instance.nextDeadline().getAsLong() - until <= 0) {
            long deadline = instance.nextDeadline().getAsLong();
            if (deadline - clock.getAsLong() > 0) {
                clock.set(deadline);
            }
            instance.onTimer();
        }
        clock.set(until);
    }

    @Test
    void aBackupTakesOverWhenTheMasterDownIntervalPassesInSilence() {
        VrrpInstance vrrp = instance(100);
        vrrp.start();
        long down = 3 * SECOND + 609_375_000L; // 3 × 1 s + (256 − 100) / 256 s = 3.609375 s

        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vrrp.nextDeadline()).hasValue(START + down);
        runUntil(vrrp, START + down - 1);
        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
        actions.take();

        runUntil(vrrp, START + down);

        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.take()).containsExactly(
                new AddAddresses(),
                new Arps(5),
                new Changed(new StateChange("VI_1", VrrpState.BACKUP, VrrpState.MASTER,
                        TransitionReason.MASTER_DOWN, START + down)),
                new Sent(advert(100)));
        assertThat(vrrp.nextDeadline()).hasValue(START + down + SECOND);
    }

    @Test
    void theStartIsReported() {
        instance(100).start();

        assertThat(actions.changes()).containsExactly(new StateChange("VI_1", VrrpState.INITIALIZE, VrrpState.BACKUP,
                TransitionReason.STARTED, START));
    }

    @Test
    void theAddressOwnerIsMasterAtOnce() {
        VrrpInstance owner = instance(255);
        owner.start();

        assertThat(owner.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.changes()).containsExactly(new StateChange("VI_1", VrrpState.INITIALIZE,
                VrrpState.MASTER, TransitionReason.STARTED_AS_OWNER, START));
        assertThat(actions.sentPriorities()).containsExactly(255);
    }

    @Test
    void aMasterAdvertisesEveryIntervalAndTheSecondGratuitousArpSetComesAfterTheDelay() {
        VrrpInstance owner = instance(255);
        owner.start();
        actions.take();

        runUntil(owner, START + 10 * SECOND);

        assertThat(actions.sentPriorities()).hasSize(10).containsOnly(255);
        assertThat(actions.actions).filteredOn(Arps.class::isInstance).containsExactly(new Arps(5));
        assertThat(actions.actions.indexOf(new Arps(5))).isEqualTo(5); // after the adverts at 1..5 s
    }

    @Test
    void aRefreshSendsArpsEveryRefreshIntervalWhileMaster() {
        VrrpInstance owner = instance(255, b -> b.gratuitousArp(new GratuitousArpSettings(Duration.ZERO, 1,
                Duration.ofSeconds(60), 2, Duration.ZERO, 0)));
        owner.start();

        runUntil(owner, START + 185 * SECOND);

        assertThat(actions.actions).filteredOn(Arps.class::isInstance)
                .containsExactly(new Arps(1), new Arps(2), new Arps(2), new Arps(2));
    }

    @Test
    void aBackupHearingItsMasterStaysBackupAndLearnsNothingInVersion2() {
        VrrpInstance vrrp = instance(100);
        vrrp.start();
        for (int second = 1; second <= 20; second++) {
            clock.set(START + second * SECOND);
            vrrp.onTimer();
            assertThat(vrrp.receive(advert(200), HIGHER, GROUP)).isEqualTo(AdvertisementVerdict.ACCEPTED);
        }

        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(vrrp.masterAddress()).isEqualTo(HIGHER);
        assertThat(vrrp.masterPriority()).isEqualTo(200);
        assertThat(vrrp.nextDeadline()).hasValue(START + 20 * SECOND + vrrp.masterDownIntervalNanos());
    }

    @Test
    void aVersion3BackupLearnsTheMastersInterval() {
        VrrpInstance vrrp = instance(200, b -> b.version(3));
        vrrp.start();
        assertThat(vrrp.masterDownIntervalNanos()).isEqualTo(3 * SECOND + 56L * SECOND / 256);

        vrrp.receive(new VrrpAdvertisement(3, 51, 250, Authentication.NONE, 50, List.of(VIP)), HIGHER, GROUP);

        assertThat(vrrp.masterAdverIntervalNanos()).isEqualTo(SECOND / 2);
        assertThat(vrrp.masterDownIntervalNanos()).isEqualTo(1_500_000_000L + 56L * (SECOND / 2) / 256);
        assertThat(vrrp.nextDeadline()).hasValue(START + vrrp.masterDownIntervalNanos());
    }

    @Test
    void aBackupDiscardsALowerPriorityMasterAndPreemptsIt() {
        VrrpInstance vrrp = instance(200);
        vrrp.start();
        long down = vrrp.masterDownIntervalNanos();

        for (int second = 1; vrrp.state() == VrrpState.BACKUP && second < 10; second++) {
            runUntil(vrrp, START + second * SECOND);
            if (vrrp.state() == VrrpState.BACKUP) {
                vrrp.receive(advert(100), LOWER, GROUP);
            }
        }

        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.changes().getLast().atNanos()).isEqualTo(START + down);
    }

    @Test
    void noPreemptLeavesALowerPriorityMasterAlone() {
        VrrpInstance vrrp = instance(200, b -> b.preempt(false));
        vrrp.start();

        for (int second = 1; second <= 30; second++) {
            runUntil(vrrp, START + second * SECOND);
            vrrp.receive(advert(100), LOWER, GROUP);
        }

        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void preemptDelayDefersToALowerMasterUntilThatLongAfterStartup() {
        VrrpInstance vrrp = instance(200, b -> b.preemptDelay(Duration.ofSeconds(10)));
        vrrp.start();

        long becameMaster = feedLowerAdvertsUntilMaster(vrrp, 1);

        // Adverts up to 9 s still defer; the one at 10 s is discarded, so the timer set at 9 s runs out.
        assertThat(becameMaster).isEqualTo(START + 9 * SECOND + vrrp.masterDownIntervalNanos());
    }

    @Test
    void preemptDelayStartsAgainAfterHearingAnEqualOrHigherMaster() {
        VrrpInstance vrrp = instance(200, b -> b.preemptDelay(Duration.ofSeconds(10)));
        vrrp.start();
        clock.set(START + 5 * SECOND);
        vrrp.receive(advert(250), HIGHER, GROUP);

        long becameMaster = feedLowerAdvertsUntilMaster(vrrp, 6);

        // The delay restarts with the first lower advert at 6 s and ends at 16 s.
        assertThat(becameMaster).isEqualTo(START + 15 * SECOND + vrrp.masterDownIntervalNanos());
    }

    private long feedLowerAdvertsUntilMaster(VrrpInstance vrrp, int fromSecond) {
        for (int second = fromSecond; second < 60; second++) {
            runUntil(vrrp, START + second * SECOND);
            if (vrrp.state() == VrrpState.MASTER) {
                return actions.changes().getLast().atNanos();
            }
            vrrp.receive(advert(100), LOWER, GROUP);
        }
        throw new AssertionError("never became master");
    }

    @Test
    void aStoppingMasterSendsPriorityZeroAndReleasesItsAddresses() {
        VrrpInstance owner = instance(255);
        owner.start();
        actions.take();

        owner.stop();

        assertThat(owner.state()).isEqualTo(VrrpState.INITIALIZE);
        assertThat(actions.take()).containsExactly(new CancelArps(), new Sent(advert(0)), new RemoveAddresses(),
                new Changed(new StateChange("VI_1", VrrpState.MASTER, VrrpState.INITIALIZE,
                        TransitionReason.STOPPED, START)));
        assertThat(owner.nextDeadline()).isEmpty();
    }

    @Test
    void aBackupHearingPriorityZeroTakesOverWithinSkewTime() {
        VrrpInstance vrrp = instance(100);
        vrrp.start();
        clock.set(START + SECOND);
        vrrp.receive(advert(200), HIGHER, GROUP);
        clock.set(START + 2 * SECOND);

        vrrp.receive(advert(0), HIGHER, GROUP);

        assertThat(vrrp.nextDeadline()).hasValue(START + 2 * SECOND + 609_375_000L);
        runUntil(vrrp, START + 2 * SECOND + 609_375_000L);
        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.changes().getLast().reason()).isEqualTo(TransitionReason.MASTER_RELEASED);
    }

    @Test
    void aMasterHearingPriorityZeroAdvertisesAtOnce() {
        VrrpInstance owner = instance(255);
        owner.start();
        clock.set(START + 300_000_000L);
        actions.take();

        owner.receive(advert(0), HIGHER, GROUP);

        assertThat(actions.take()).containsExactly(new Sent(advert(255)));
        assertThat(owner.nextDeadline()).hasValue(START + 1_300_000_000L);
    }

    @Test
    void aMasterYieldsToAHigherPriorityWithoutSendingPriorityZero() {
        VrrpInstance vrrp = masterAt(100);

        vrrp.receive(advert(150), LOWER, GROUP);

        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(actions.take()).containsExactly(new CancelArps(), new RemoveAddresses(),
                new Changed(new StateChange("VI_1", VrrpState.MASTER, VrrpState.BACKUP,
                        TransitionReason.HIGHER_PRIORITY_SEEN, clock.getAsLong())));
        assertThat(vrrp.nextDeadline()).hasValue(clock.getAsLong() + vrrp.masterDownIntervalNanos());
    }

    @Test
    void onAPriorityTieTheHigherPrimaryAddressWins() {
        VrrpInstance vrrp = masterAt(100);

        vrrp.receive(advert(100), LOWER, GROUP);
        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.take()).containsExactly(new Sent(advert(100)), new Arps(5),
                new Notice(AdvertNotice.LOWER_PRIORITY_MASTER, LOWER, 100));

        vrrp.receive(advert(100), HIGHER, GROUP);
        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(actions.changes()).extracting(StateChange::reason)
                .containsExactly(TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS);
    }

    @Test
    void aMasterAnswersALowerPriorityAdvertAtOnceUnlessToldNotTo() {
        VrrpInstance answering = masterAt(100);
        answering.receive(advert(50), HIGHER, GROUP);
        assertThat(actions.take()).startsWith(new Sent(advert(100)));
        assertThat(answering.nextDeadline()).hasValue(clock.getAsLong() + SECOND);

        VrrpInstance quiet = masterAt(100, b -> b.lowerPriorityNoAdvert(true));
        quiet.receive(advert(50), HIGHER, GROUP);
        assertThat(actions.take()).containsExactly(new Arps(5),
                new Notice(AdvertNotice.LOWER_PRIORITY_MASTER, HIGHER, 50));
    }

    @Test
    void higherPrioritySendAdvertSendsOneMoreBeforeYielding() {
        VrrpInstance vrrp = masterAt(100, b -> b.higherPrioritySendAdvert(true));

        vrrp.receive(advert(150), HIGHER, GROUP);

        assertThat(actions.take()).startsWith(new Sent(advert(100)), new CancelArps());
        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void twoOwnersMakeTheOneThatHearsTheOtherStepDownTo254() {
        VrrpInstance owner = instance(255);
        owner.start();
        actions.take();

        owner.receive(advert(255), LOWER, GROUP);

        assertThat(owner.effectivePriority()).isEqualTo(254);
        assertThat(owner.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(actions.actions).startsWith(new Notice(AdvertNotice.OWNER_CONFLICT, LOWER, 255));
    }

    @Test
    void ourOwnAddressInAnEqualAdvertIsReportedAndIgnored() {
        VrrpInstance vrrp = masterAt(100);

        vrrp.receive(advert(100), ME, GROUP);

        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.take()).containsExactly(new Notice(AdvertNotice.OWN_ADDRESS, ME, 100));
    }

    @Test
    void trackingChangesTheEffectivePriorityWithinOneTo254() {
        VrrpInstance vrrp = instance(100);
        vrrp.setTrackingWeight(200);
        assertThat(vrrp.effectivePriority()).isEqualTo(254);
        vrrp.setTrackingWeight(-200);
        assertThat(vrrp.effectivePriority()).isEqualTo(1);
        vrrp.setTrackingWeight(-30);
        assertThat(vrrp.effectivePriority()).isEqualTo(70);

        VrrpInstance owner = instance(255);
        owner.setTrackingWeight(-100);
        assertThat(owner.effectivePriority()).isEqualTo(255);
    }

    @Test
    void aRisingPriorityShortensARunningMasterDownTimer() {
        VrrpInstance vrrp = instance(100);
        vrrp.start();
        long before = vrrp.nextDeadline().getAsLong();

        vrrp.setTrackingWeight(100); // 200: skew 56/256 s instead of 156/256 s

        assertThat(before - vrrp.nextDeadline().getAsLong()).isEqualTo(100L * SECOND / 256);
        vrrp.setTrackingWeight(0);
        assertThat(vrrp.nextDeadline()).hasValue(before - 100L * SECOND / 256); // falling waits for the next reset
    }

    @Test
    void aMasterAdvertisesItsNewPriorityNextTime() {
        VrrpInstance vrrp = masterAt(100);
        vrrp.setTrackingWeight(-20);

        runUntil(vrrp, clock.getAsLong() + SECOND);

        assertThat(actions.sentPriorities()).containsExactly(80);
    }

    @Test
    void aFaultTakesAMasterDownWithPriorityZeroAndItComesBackAsBackup() {
        VrrpInstance vrrp = masterAt(100);

        vrrp.addFault("eth0 down");
        vrrp.addFault("check_nginx");

        assertThat(vrrp.state()).isEqualTo(VrrpState.FAULT);
        assertThat(actions.take()).containsExactly(new CancelArps(), new Sent(advert(0)), new RemoveAddresses(),
                new Changed(new StateChange("VI_1", VrrpState.MASTER, VrrpState.FAULT, TransitionReason.FAULT,
                        clock.getAsLong())));
        assertThat(vrrp.nextDeadline()).isEmpty();
        assertThat(vrrp.receive(advert(200), HIGHER, GROUP)).isEqualTo(AdvertisementVerdict.NOT_LISTENING);

        vrrp.clearFault("eth0 down");
        assertThat(vrrp.state()).isEqualTo(VrrpState.FAULT);
        vrrp.clearFault("check_nginx");

        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(actions.changes()).extracting(StateChange::reason).containsExactly(TransitionReason.FAULT_CLEARED);
        assertThat(vrrp.nextDeadline()).hasValue(clock.getAsLong() + vrrp.masterDownIntervalNanos());
    }

    @Test
    void aBackupEntersAndLeavesFaultQuietly() {
        VrrpInstance vrrp = instance(100);
        vrrp.start();
        actions.take();

        vrrp.addFault("eth0 down");
        vrrp.clearFault("eth0 down");

        assertThat(actions.take()).extracting(a -> ((Changed) a).change().to())
                .containsExactly(VrrpState.FAULT, VrrpState.BACKUP);
    }

    @Test
    void aFaultPresentAtStartMeansFault() {
        VrrpInstance vrrp = instance(255);
        vrrp.addFault("eth0 down");

        vrrp.start();

        assertThat(vrrp.state()).isEqualTo(VrrpState.FAULT);
        assertThat(actions.changes()).extracting(StateChange::reason)
                .containsExactly(TransitionReason.STARTED_IN_FAULT);
        vrrp.clearFault("eth0 down");
        assertThat(vrrp.state()).isEqualTo(VrrpState.BACKUP); // even the owner, as in keepalived
    }

    @Test
    void aStoppedBackupSendsNothing() {
        VrrpInstance vrrp = instance(100);
        vrrp.start();
        actions.take();

        vrrp.stop();
        vrrp.stop();

        assertThat(actions.take()).containsExactly(new Changed(new StateChange("VI_1", VrrpState.BACKUP,
                VrrpState.INITIALIZE, TransitionReason.STOPPED, START)));
        assertThat(vrrp.receive(advert(100), HIGHER, GROUP)).isEqualTo(AdvertisementVerdict.NOT_LISTENING);
        assertThat(vrrp.nextDeadline()).isEmpty();
    }

    @Test
    void aClockNearItsWrapStillTimesCorrectly() {
        clock.set(Long.MAX_VALUE - SECOND);
        VrrpInstance vrrp = instance(100);
        vrrp.start();

        runUntil(vrrp, Long.MAX_VALUE - SECOND + 3 * SECOND + 609_375_000L);

        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
    }

    VrrpInstance masterAt(int priority) {
        return masterAt(priority, b -> b);
    }

    VrrpInstance masterAt(int priority, UnaryOperator<VrrpInstanceSettings.Builder> tweak) {
        VrrpInstance vrrp = instance(priority, tweak);
        vrrp.start();
        runUntil(vrrp, clock.getAsLong() + vrrp.masterDownIntervalNanos());
        assertThat(vrrp.state()).isEqualTo(VrrpState.MASTER);
        clock.advance(Duration.ofMillis(250));
        actions.take();
        return vrrp;
    }
}
