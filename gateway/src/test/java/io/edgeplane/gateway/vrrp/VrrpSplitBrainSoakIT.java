package io.edgeplane.gateway.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.gateway.vrrp.VrrpNode.StopMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No split brain: a VRRPv3 pair (IPv6, advert 100 ms, both preempt) goes through bounded random cycles of stop,
 * crash, start, link cut and restore, and partition and heal; after each cycle settles the VIP must be on exactly
 * one node, and on the one VRRP says: node 1 (priority 150) when it runs with its link up, else node 2.
 *
 * <p>{@code VRRP_SOAK_CYCLES} sets the number of cycles (default 10, the full soak is 50);
 * {@code VRRP_SOAK_SEED} replays a run (the seed is printed). Every cycle is bounded: an action, then at most
 * {@link #settleTimeout} for the VIP to settle, so the whole soak is too.
 */
class VrrpSplitBrainSoakIT {

    private static final int HIGH = 150;
    private static final int LOW = 100;

    enum Action { GRACEFUL_STOP, CRASH, START, CUT_LINK, RESTORE_LINK, PARTITION_AND_HEAL }

    /** An action on node {@code node} (0 or 1). */
    record Step(Action action, int node) {
    }

    static Stream<Pairing> pairings() {
        return Pairing.selected().stream();
    }

    private VrrpPair pair;

    @AfterEach
    void tearDown() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairings")
    void randomStopsStartsAndLinkCutsAlwaysEndWithTheVipOnExactlyOneNode(Pairing pairing, TestInfo info)
            throws Exception {
        int cycles = Integer.parseInt(System.getenv().getOrDefault("VRRP_SOAK_CYCLES", "10").trim());
        long seed = System.getenv("VRRP_SOAK_SEED") != null ? Long.parseLong(System.getenv("VRRP_SOAK_SEED").trim())
                : ThreadLocalRandom.current().nextLong();
        Random random = new Random(seed);
        pair = VrrpPair.create(pairing, VrrpPair.directory(info), VrrpInstanceSpec.v3(HIGH),
                VrrpInstanceSpec.v3(LOW));
        pair.startBoth();
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());

        List<VrrpNode> nodes = pair.nodes();
        boolean[] cut = new boolean[2];
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        List<String> history = new ArrayList<>();
        Duration longestSettle = Duration.ZERO;
        Duration longestOverlap = Duration.ZERO;
        long started = System.nanoTime();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            List<Step> possible = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                VrrpNode candidate = nodes.get(i);
                boolean otherLive = nodes.get(1 - i).isRunning() && !cut[1 - i];
                // Every action leaves at least one node running with its link up, so there is a VIP to find.
                if (candidate.isRunning() && otherLive) {
                    possible.add(new Step(Action.GRACEFUL_STOP, i));
                    possible.add(new Step(Action.CRASH, i));
                }
                if (!candidate.isRunning()) {
                    possible.add(new Step(Action.START, i));
                }
                if (!cut[i] && otherLive) {
                    possible.add(new Step(Action.CUT_LINK, i));
                }
                if (cut[i]) {
                    possible.add(new Step(Action.RESTORE_LINK, i));
                }
                if (candidate.isRunning() && !cut[i] && otherLive) {
                    possible.add(new Step(Action.PARTITION_AND_HEAL, i));
                }
            }
            Step chosen = possible.get(random.nextInt(possible.size()));
            Action action = chosen.action();
            int n = chosen.node();
            VrrpNode node = nodes.get(n);
            counts.merge(action, 1, Integer::sum);
            String step = "cycle " + cycle + ": " + action + " " + node;
            history.add(step);
            try (VipWatch watch = VipWatch.start(pair.topology, pair.vip())) {
                long actionStart = System.nanoTime();
                switch (action) {
                    case GRACEFUL_STOP -> node.stop(StopMode.GRACEFUL);
                    case CRASH -> node.stop(StopMode.CRASH);
                    case START -> node.start();
                    case CUT_LINK -> {
                        pair.topology.cutLink(node.member());
                        cut[n] = true;
                    }
                    case RESTORE_LINK -> {
                        pair.topology.restoreLink(node.member());
                        cut[n] = false;
                    }
                    case PARTITION_AND_HEAL -> {
                        pair.topology.partition(node.member());
                        Thread.sleep(random.nextInt((int) node.spec().masterDownInterval().toMillis() * 2 + 1));
                        pair.topology.heal(node.member());
                    }
                }
                VrrpNode expected = nodes.get(0).isRunning() && !cut[0] ? nodes.get(0) : nodes.get(1);
                List<Topology.Member> holders = pair.topology.awaitSoleHolder(pair.vip(), expected.member(),
                        settleTimeout());
                Duration settle = Duration.ofNanos(System.nanoTime() - actionStart);
                // Settled means staying settled: two more advert intervals with the same holder.
                Thread.sleep(expected.spec().advertInterval().multipliedBy(2));
                List<Topology.Member> after = pair.topology.holders(pair.vip());
                VipWatch.Report report = watch.finish();
                assertThat(holders).as("%s (seed %d): the VIP settles on %s alone within %d ms; %s%n%s%n%s", step,
                        seed, expected, settleTimeout().toMillis(), report, String.join("\n", history), pair.logs())
                        .containsExactly(expected.member());
                assertThat(after).as("%s (seed %d): and stays there; %s%n%s", step, seed, report, pair.logs())
                        .containsExactly(expected.member());
                longestSettle = settle.compareTo(longestSettle) > 0 ? settle : longestSettle;
                if (action != Action.PARTITION_AND_HEAL) {
                    // A partition makes two holders on purpose; anywhere else two may only overlap in a handover.
                    assertThat(report.longestOverlap()).as("%s (seed %d): %s", step, seed, report)
                            .isLessThan(expected.spec().masterDownInterval());
                    longestOverlap = report.longestOverlap().compareTo(longestOverlap) > 0 ? report.longestOverlap()
                            : longestOverlap;
                }
                history.set(history.size() - 1, step + " -> " + expected + " alone after " + settle.toMillis() + " ms");
            }
        }
        FailoverFigures.note(pairing + " | soak v3/IPv6 advert 100ms | " + cycles + " cycles (seed " + seed + ") "
                + counts + " | VIP on exactly one node after every cycle | longest settle " + longestSettle.toMillis()
                + " ms | longest overlap outside partitions " + longestOverlap.toMillis() + " ms | "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    /** The longest a cycle may take to settle: a start-up and two master down intervals. */
    private Duration settleTimeout() {
        return pair.n2.spec().masterDownInterval().multipliedBy(2).plus(VrrpPair.STARTUP);
    }
}
