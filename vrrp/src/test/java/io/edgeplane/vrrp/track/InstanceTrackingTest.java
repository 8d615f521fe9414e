package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.vrrp.VrrpConfig;
import io.edgeplane.config.vrrp.VrrpTrackConfig;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import io.edgeplane.vrrp.state.StateChange;
import io.edgeplane.vrrp.state.TrackingPriority;
import io.edgeplane.vrrp.state.VrrpActions;
import io.edgeplane.vrrp.state.VrrpInstance;
import io.edgeplane.vrrp.state.VrrpInstanceSettings;
import io.edgeplane.vrrp.state.VrrpState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InstanceTrackingTest {

    /** A tracker the test sets. */
    static final class FakeTracker implements Tracker {
        final String name;
        final TrackerListeners listeners;
        volatile TrackedState state = TrackedState.UNKNOWN;

        FakeTracker(String name) {
            this.name = name;
            this.listeners = new TrackerListeners(name);
        }

        void set(TrackedState next) {
            state = next;
            listeners.fire();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TrackedState state() {
            return state;
        }

        @Override
        public Subscription subscribe(Runnable listener) {
            return listeners.add(listener);
        }
    }

    static final TrackedState UP = TrackedState.UP;
    static final TrackedState DOWN = TrackedState.DOWN;

    final FakeTracker eth0 = new FakeTracker("interface eth0");
    final FakeTracker script = new FakeTracker("script chk_dns");
    final FakeTracker listener = new FakeTracker("listener public_https");
    final FakeTracker pool = new FakeTracker("pool web");
    final FakeTracker eth1 = new FakeTracker("interface eth1");
    final List<TrackingStatus> delivered = new ArrayList<>();

    InstanceTracking tracking() {
        return new InstanceTracking("VI_1", List.of(
                new InstanceTracking.Tracked(eth0, 0),
                new InstanceTracking.Tracked(script, -20),
                new InstanceTracking.Tracked(listener, 10),
                new InstanceTracking.Tracked(pool, 0),
                new InstanceTracking.Tracked(eth1, -5)), delivered::add);
    }

    @Test
    void beforeAnyResultOnlyWeightZeroTrackersHoldTheInstance() {
        try (InstanceTracking tracking = tracking()) {
            TrackingStatus first = tracking.start();
            // keepalived: an initialising script moves no priority, but with weight 0 keeps the instance in FAULT.
            assertThat(first.weightSum()).isZero();
            assertThat(first.faults()).containsExactly("interface eth0", "pool web");
            assertThat(first.unknown()).hasSize(5);
            assertThat(first.settled()).isFalse();
            assertThat(first.faultedByResult()).isFalse();
            assertThat(delivered).isEmpty();
        }
    }

    @Test
    void sumsWeightsAsKeepalived() {
        try (InstanceTracking tracking = tracking()) {
            tracking.start();
            for (FakeTracker t : List.of(eth0, script, listener, pool, eth1)) {
                t.set(UP);
            }
            // Up: only the positive weight counts.
            assertThat(tracking.status()).isEqualTo(new TrackingStatus(10, Set.of(), Set.of()));
            script.set(DOWN);
            assertThat(tracking.status().weightSum()).isEqualTo(-10);
            listener.set(DOWN);
            assertThat(tracking.status().weightSum()).isEqualTo(-20);
            eth1.set(DOWN);
            assertThat(tracking.status().weightSum()).isEqualTo(-25);
            assertThat(TrackingPriority.effective(100, tracking.status().weightSum())).isEqualTo(75);
            assertThat(tracking.status().faults()).isEmpty();
            pool.set(DOWN);
            assertThat(tracking.status()).isEqualTo(new TrackingStatus(-25, Set.of("pool web"), Set.of()));
            eth0.set(DOWN);
            assertThat(tracking.status().faults()).containsExactlyInAnyOrder("interface eth0", "pool web");
            assertThat(tracking.status().faultedByResult()).isTrue();
            eth0.set(UP);
            pool.set(UP);
            script.set(UP);
            assertThat(tracking.status()).isEqualTo(new TrackingStatus(-5, Set.of(), Set.of()));
        }
        assertThat(delivered).extracting(TrackingStatus::weightSum)
                .containsExactly(0, 0, 10, 10, 10, -10, -20, -25, -25, -25, -25, -25, -5).as("one status per change");
        assertThat(delivered.getLast()).isEqualTo(new TrackingStatus(-5, Set.of(), Set.of()));
    }

    @Test
    void aChangeThatChangesNothingIsNotDelivered() {
        try (InstanceTracking tracking = tracking()) {
            tracking.start();
            for (FakeTracker t : List.of(eth0, script, listener, pool, eth1)) {
                t.set(UP);
            }
            int count = delivered.size();
            listener.set(UP);
            script.set(UP);
            assertThat(delivered).hasSize(count);
        }
    }

    @Test
    void closeStopsDelivery() {
        InstanceTracking tracking = tracking();
        tracking.start();
        tracking.close();
        eth0.set(UP);
        assertThat(delivered).isEmpty();
    }

    @Test
    void eachTrackerOnce() {
        assertThatThrownBy(() -> new InstanceTracking("VI_1", List.of(new InstanceTracking.Tracked(eth0, 0),
                new InstanceTracking.Tracked(new FakeTracker("interface eth0"), -2)), s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracks interface eth0 twice");
        assertThatThrownBy(() -> new InstanceTracking.Tracked(eth0, 255)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusesFromManyThreadsArriveInOrderAndEndAtTheTruth() throws Exception {
        List<FakeTracker> trackers = List.of(script, listener, eth1);
        List<TrackingStatus> received = java.util.Collections.synchronizedList(new ArrayList<>());
        try (InstanceTracking tracking = new InstanceTracking("VI_1", List.of(new InstanceTracking.Tracked(script, -20),
                new InstanceTracking.Tracked(listener, 10), new InstanceTracking.Tracked(eth1, -5)), received::add);
             ExecutorService threads = Executors.newFixedThreadPool(3)) {
            tracking.start();
            CountDownLatch go = new CountDownLatch(1);
            for (FakeTracker t : trackers) {
                threads.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 500; i++) {
                        t.set(ThreadLocalRandom.current().nextBoolean() ? UP : DOWN);
                    }
                });
            }
            go.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (FakeTracker t : trackers) {
                t.set(t.state());
            }
            assertThat(received.getLast()).isEqualTo(tracking.status());
            for (int i = 1; i < received.size(); i++) {
                assertThat(received.get(i)).isNotEqualTo(received.get(i - 1));
            }
        }
    }

    @Test
    void buildsTheTrackersOfAConfiguredInstanceWithTheirEffectiveWeights() throws Exception {
        VrrpConfig vrrp = new ConfigLoader(Variables.of(Map.of())).parse("f.yaml", """
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      virtual_ips: [192.0.2.10/24]
                      track:
                        - { script: chk_dns }
                        - { script: chk_web, weight: 15 }
                        - { interface: eth1, weight: -10 }
                        - { interface: eth2 }
                  scripts:
                    chk_dns: { command: [/usr/bin/true], weight: -2, fall: 3, rise: 2 }
                    chk_web: { command: [/usr/bin/true], weight: -30 }
                """).vrrp().orElseThrow();
        Map<String, Tracker> made = new HashMap<>();
        try (InstanceTracking tracking = InstanceTracking.of(vrrp, vrrp.instances().getFirst(), eth0,
                entry -> made.computeIfAbsent(entry.kind().key() + " " + entry.target(), FakeTracker::new), delivered::add)) {
            assertThat(tracking.tracked()).extracting(t -> t.tracker().name() + " " + t.weight()).containsExactly(
                    "interface eth0 0", "script chk_dns -2", "script chk_web 15", "interface eth1 -10", "interface eth2 0");
            assertThat(tracking.start().faults()).containsExactly("interface eth0", "interface eth2");
        }
        assertThat(vrrp.fall(vrrp.instances().getFirst().track().getFirst())).isEqualTo(3);
        assertThat(VrrpTrackConfig.Kind.INTERFACE.key()).isEqualTo("interface");
    }

    /** A VRRP instance whose actions only record its state changes. */
    static final class Instance implements VrrpActions {
        final List<StateChange> changes = new ArrayList<>();
        final VrrpInstance instance;

        Instance(int priority) throws Exception {
            VrrpInstanceSettings settings = VrrpInstanceSettings.builder("VI_1", 51, priority,
                    List.of(InetAddress.getByName("192.0.2.10"))).build();
            instance = new VrrpInstance(settings, InetAddress.getByName("192.0.2.1"), System::nanoTime, this);
        }

        @Override
        public void sendAdvertisement(VrrpAdvertisement advertisement) {
        }

        @Override
        public void addVirtualAddresses() {
        }

        @Override
        public void removeVirtualAddresses() {
        }

        @Override
        public void sendGratuitousArps(int rounds) {
        }

        @Override
        public void cancelGratuitousArps() {
        }

        @Override
        public void stateChanged(StateChange change) {
            changes.add(change);
        }
    }

    @Test
    void appliedToAnInstanceFaultsAndWeightTakeEffectAndAReplacedFaultNeverLetsItOut() throws Exception {
        Instance vrrp = new Instance(100);
        try (InstanceTracking tracking = new InstanceTracking("VI_1", List.of(new InstanceTracking.Tracked(eth0, 0),
                new InstanceTracking.Tracked(pool, 0), new InstanceTracking.Tracked(script, -20)), delivered::add)) {
            tracking.start().applyTo(vrrp.instance);
            vrrp.instance.start();
            assertThat(vrrp.instance.state()).isEqualTo(VrrpState.FAULT);

            // eth0's fault goes as pool's comes: one status, and the instance stays in FAULT throughout.
            eth0.state = UP;
            pool.set(DOWN);
            delivered.getLast().applyTo(vrrp.instance);
            assertThat(vrrp.instance.faults()).containsExactly("pool web");
            assertThat(vrrp.changes).extracting(StateChange::to).containsExactly(VrrpState.FAULT);

            script.set(DOWN);
            pool.set(UP);
            delivered.getLast().applyTo(vrrp.instance);
            assertThat(vrrp.instance.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(vrrp.instance.effectivePriority()).isEqualTo(80);
        }
    }
}
