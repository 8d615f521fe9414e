package io.edgeplane.vrrp.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.vrrp.state.SimulatedNetwork.Router;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Two or three routers talking through the codec over an in-memory LAN with loss and cut links. */
class VrrpNetworkSimulationTest {

    static final int VRID = 51;

    static VrrpInstanceSettings settings(int priority, int version) {
        return VrrpInstanceSettings.builder("VI_1", VRID, priority, List.of(InetAddress.ofLiteral("198.18.0.100")))
                .version(version).build();
    }

    @Test
    void theHighestPriorityBecomesTheOnlyMaster() {
        SimulatedNetwork lan = new SimulatedNetwork(1);
        lan.router("198.18.0.1", v -> settings(100, 3), VRID);
        Router best = lan.router("198.18.0.2", v -> settings(200, 3), VRID);
        lan.router("198.18.0.3", v -> settings(150, 3), VRID);
        lan.routers.forEach(Router::start);

        lan.run(Duration.ofSeconds(10));

        assertThat(lan.masters(VRID)).containsExactly(best);
        assertThat(lan.holders(VRID)).containsExactly(best);
        assertThat(best.member(VRID).changes).extracting(StateChange::to)
                .containsExactly(VrrpState.BACKUP, VrrpState.MASTER);
    }

    @Test
    void aMasterShuttingDownHandsOverWithinSkewTime() {
        SimulatedNetwork lan = new SimulatedNetwork(2);
        Router master = lan.router("198.18.0.1", v -> settings(200, 2), VRID);
        Router backup = lan.router("198.18.0.2", v -> settings(100, 2), VRID);
        lan.routers.forEach(Router::start);
        lan.run(Duration.ofSeconds(10));
        assertThat(lan.masters(VRID)).containsExactly(master);

        master.stop();
        long stoppedAt = lan.clock.getAsLong();
        lan.run(Duration.ofSeconds(1));

        assertThat(lan.masters(VRID)).containsExactly(backup);
        StateChange takeover = backup.member(VRID).changes.getLast();
        assertThat(takeover.reason()).isEqualTo(TransitionReason.MASTER_RELEASED);
        // Skew_Time for 100 in version 2 is 609.375 ms, plus up to 3 ms on the wire.
        assertThat(takeover.atNanos() - stoppedAt).isBetween(609_375_000L, 612_375_000L);
    }

    @Test
    void equalPrioritiesAreSettledByTheHigherAddress() {
        SimulatedNetwork lan = new SimulatedNetwork(3);
        lan.router("198.18.0.9", v -> settings(100, 3), VRID);
        Router highest = lan.router("198.18.0.10", v -> settings(100, 3), VRID);
        lan.router("198.18.0.2", v -> settings(100, 3), VRID);
        lan.routers.forEach(Router::start);

        lan.run(Duration.ofSeconds(15));

        assertThat(lan.masters(VRID)).containsExactly(highest);
    }

    @Test
    void aTrackingWeightMovesMastershipAndBack() {
        SimulatedNetwork lan = new SimulatedNetwork(4);
        Router a = lan.router("198.18.0.1", v -> settings(150, 2), VRID);
        Router b = lan.router("198.18.0.2", v -> settings(100, 2), VRID);
        lan.routers.forEach(Router::start);
        lan.run(Duration.ofSeconds(10));
        assertThat(lan.masters(VRID)).containsExactly(a);

        a.instance(VRID).setTrackingWeight(TrackingPriority.contribution(-60, false));
        lan.run(Duration.ofSeconds(5));
        assertThat(lan.masters(VRID)).containsExactly(b);

        a.instance(VRID).setTrackingWeight(TrackingPriority.contribution(-60, true));
        lan.run(Duration.ofSeconds(5));
        assertThat(lan.masters(VRID)).containsExactly(a);
    }

    @Test
    void aCutLinkMakesTwoMastersAndHealingLeavesOne() {
        SimulatedNetwork lan = new SimulatedNetwork(5);
        Router a = lan.router("198.18.0.1", v -> settings(200, 3), VRID);
        Router b = lan.router("198.18.0.2", v -> settings(100, 3), VRID);
        lan.routers.forEach(Router::start);
        lan.run(Duration.ofSeconds(10));

        lan.cut(a, b);
        lan.run(Duration.ofSeconds(10));
        assertThat(lan.masters(VRID)).containsExactlyInAnyOrder(a, b);

        lan.heal();
        lan.run(Duration.ofMillis(1500));
        assertThat(lan.masters(VRID)).containsExactly(a);
        assertThat(lan.holders(VRID)).containsExactly(a);
    }

    @Test
    void aFaultedMasterHandsOverAndTakesBackWhenItRecovers() {
        SimulatedNetwork lan = new SimulatedNetwork(6);
        Router a = lan.router("198.18.0.1", v -> settings(200, 2), VRID);
        Router b = lan.router("198.18.0.2", v -> settings(100, 2), VRID);
        lan.routers.forEach(Router::start);
        lan.run(Duration.ofSeconds(10));

        a.instance(VRID).addFault("eth0 down");
        lan.run(Duration.ofSeconds(1));
        assertThat(lan.masters(VRID)).containsExactly(b);

        a.instance(VRID).clearFault("eth0 down");
        lan.run(Duration.ofSeconds(5));
        assertThat(lan.masters(VRID)).containsExactly(a);
    }

    @Test
    void syncGroupsOnTwoRoutersMoveTogether() {
        SimulatedNetwork lan = new SimulatedNetwork(7);
        Router a = lan.router("198.18.0.1", vrid -> groupMember(vrid, 200), 1, 2);
        Router b = lan.router("198.18.0.2", vrid -> groupMember(vrid, 100), 1, 2);
        for (Router router : lan.routers) {
            new VrrpSyncGroup("fw", List.of(router.instance(1), router.instance(2)), c -> { });
        }
        lan.routers.forEach(Router::start);
        lan.run(Duration.ofSeconds(10));
        assertThat(lan.masters(1)).containsExactly(a);
        assertThat(lan.masters(2)).containsExactly(a);

        a.instance(2).addFault("outside down");
        lan.run(Duration.ofSeconds(2));
        assertThat(lan.masters(1)).containsExactly(b);
        assertThat(lan.masters(2)).containsExactly(b);

        a.instance(2).clearFault("outside down");
        lan.run(Duration.ofSeconds(10));
        assertThat(lan.masters(1)).containsExactly(a);
        assertThat(lan.masters(2)).containsExactly(a);
    }

    static VrrpInstanceSettings groupMember(int vrid, int priority) {
        return VrrpInstanceSettings.builder("VI_" + vrid, vrid, priority,
                List.of(InetAddress.ofLiteral("198.18." + vrid + ".100"))).build();
    }

    /**
     * Bounded chaos with fixed seeds: links cut and mended, loss up to 40 %, tracking weights, faults, restarts.
     * Whatever happened, once the network is whole and quiet there is exactly one master, the best one.
     */
    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {2, 3})
    void afterAnyChaosTheNetworkSettlesOnExactlyOneMaster(int version) {
        Random seeds = new Random(0xC4A05L + version);
        for (int run = 0; run < 20; run++) {
            long seed = seeds.nextLong();
            SimulatedNetwork lan = new SimulatedNetwork(seed);
            Random random = new Random(seed);
            int routers = 2 + random.nextInt(2);
            for (int i = 0; i < routers; i++) {
                // Priorities from a small set, so that ties (settled by address) happen too.
                int priority = new int[] {50, 100, 100, 150, 200, 255}[random.nextInt(6)];
                lan.router("198.18.0." + (i + 1), v -> settings(priority, version), VRID);
            }
            Map<Router, Integer> weights = new HashMap<>();
            for (Router router : lan.routers) {
                if (random.nextBoolean()) {
                    router.start();
                }
            }
            for (int episode = 0; episode < 30; episode++) {
                Router router = lan.routers.get(random.nextInt(routers));
                switch (random.nextInt(7)) {
                    case 0 -> lan.cut(router, lan.routers.get(random.nextInt(routers)));
                    case 1 -> lan.heal();
                    case 2 -> lan.loss(random.nextDouble() * 0.4);
                    case 3 -> {
                        int weight = random.nextInt(201) - 100;
                        weights.put(router, weight);
                        router.instance(VRID).setTrackingWeight(weight);
                    }
                    case 4 -> router.instance(VRID).addFault("link");
                    case 5 -> router.instance(VRID).clearFault("link");
                    default -> {
                        if (router.running) {
                            router.stop();
                        } else {
                            router.start();
                        }
                    }
                }
                lan.run(Duration.ofMillis(100 + random.nextInt(6000)));
            }

            lan.heal();
            for (Router router : lan.routers) {
                router.instance(VRID).clearFault("link");
                if (!router.running) {
                    router.start();
                }
            }
            lan.run(Duration.ofSeconds(20));

            Router best = lan.routers.stream().max(Comparator
                    .comparingInt((Router r) -> r.instance(VRID).effectivePriority())
                    .thenComparing(r -> r.address.getAddress(), Arrays::compareUnsigned)).orElseThrow();
            String context = "version " + version + " seed " + seed + " priorities " + describe(lan);
            assertThat(lan.masters(VRID)).as(context).containsExactly(best);
            assertThat(lan.holders(VRID)).as(context).containsExactly(best);
        }
    }

    private static String describe(SimulatedNetwork lan) {
        List<String> parts = new ArrayList<>();
        for (Router router : lan.routers) {
            VrrpInstance instance = router.instance(VRID);
            parts.add(router + "=" + instance.effectivePriority() + "/" + instance.state());
        }
        return String.join(", ", parts);
    }

    @Test
    void lossyLinksStillSettle() {
        SimulatedNetwork lan = new SimulatedNetwork(8);
        lan.loss(0.3);
        Router a = lan.router("198.18.0.1", v -> settings(120, 3), VRID);
        lan.router("198.18.0.2", v -> settings(110, 3), VRID);
        lan.routers.forEach(Router::start);
        lan.run(Duration.ofSeconds(60));

        lan.heal();
        lan.run(Duration.ofSeconds(10));

        assertThat(lan.masters(VRID)).containsExactly(a);
        assertThat(Set.copyOf(lan.holders(VRID))).containsExactly(a);
    }
}
