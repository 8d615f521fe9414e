package io.edgeplane.proxy.balance;

import static io.edgeplane.proxy.balance.TestPools.equal;
import static io.edgeplane.proxy.balance.TestPools.mask;
import static io.edgeplane.proxy.balance.TestPools.primaries;
import static io.edgeplane.proxy.balance.TestPools.shares;
import static io.edgeplane.proxy.balance.TestPools.tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest extends BalancerContract {

    @Override
    LoadBalancer create(List<UpstreamServer> servers) {
        return new RoundRobinBalancer(servers);
    }

    private static int[] sequence(LoadBalancer balancer, int picks, long excluded) {
        int[] order = new int[picks];
        for (int i = 0; i < picks; i++) {
            order[i] = balancer.pick(0, excluded).index();
        }
        return order;
    }

    @Test
    void interleavesWeightsAsNginxDoes() {
        LoadBalancer balancer = create(primaries(5, 1, 1));

        // nginx's documented order for weights 5, 1, 1: a a b a c a a, then again.
        assertThat(sequence(balancer, 14, 0)).containsExactly(0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0);
    }

    @Test
    void spreadsAHeavyServersTurns() {
        LoadBalancer balancer = create(primaries(4, 2, 1));

        // Never a run of more than two of the heavy server's turns, where a naive weighted round robin
        // would send four in a row.
        assertThat(sequence(balancer, 7, 0)).containsExactly(0, 1, 0, 2, 0, 1, 0);
    }

    @Test
    void equalWeightsNeverPickTheSameServerTwiceInARow() {
        LoadBalancer balancer = create(equal(4));

        int[] order = sequence(balancer, 1_000, 0);

        for (int i = 1; i < order.length; i++) {
            assertThat(order[i]).as("pick %d", i).isNotEqualTo(order[i - 1]);
        }
    }

    @Test
    void sharesFollowWeights() {
        LoadBalancer balancer = create(primaries(5, 1, 1));

        double[] shares = shares(tally(balancer, 100_000, () -> 0, 0));
        int[] wholePeriods = tally(create(primaries(5, 1, 1)), 70_000, () -> 0, 0);

        assertThat(shares[0]).isCloseTo(5.0 / 7, within(0.01));
        assertThat(shares[1]).isCloseTo(1.0 / 7, within(0.01));
        assertThat(shares[2]).isCloseTo(1.0 / 7, within(0.01));
        assertThat(wholePeriods).containsExactly(50_000, 10_000, 10_000);
    }

    @Test
    void aDownServersTurnsAreSharedByWeightNotHandedToItsSuccessor() {
        List<UpstreamServer> servers = primaries(5, 1, 1);
        LoadBalancer balancer = create(servers);
        servers.get(0).setAvailable(false);

        assertThat(sequence(balancer, 6, 0)).containsExactly(1, 2, 1, 2, 1, 2);
    }

    @Test
    void aDownServersTurnsKeepTheOthersProportions() {
        List<UpstreamServer> servers = primaries(3, 4, 2, 1);
        LoadBalancer balancer = create(servers);
        servers.get(1).setAvailable(false);

        int[] counts = tally(balancer, 60_000, () -> 0, 0);

        assertThat(counts).containsExactly(30_000, 0, 20_000, 10_000);
    }

    @Test
    void aRetryExcludingAServerGetsAnother() {
        LoadBalancer balancer = create(primaries(5, 1, 1));

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(0, mask(0)).index()).isNotZero();
        }
    }

    @Test
    void wholePeriodsKeepExactSharesAcrossThreads() throws Exception {
        LoadBalancer balancer = create(primaries(5, 3, 2));
        int threads = 4;
        int picksPerThread = 50_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        int[][] counts = new int[threads][3];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int[] mine = counts[t];
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < picksPerThread; i++) {
                    mine[balancer.pick(0, 0).index()]++;
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }

        int[] total = new int[3];
        for (int[] mine : counts) {
            for (int i = 0; i < 3; i++) {
                total[i] += mine[i];
            }
        }
        // 200,000 picks are 20,000 whole periods of 10: every turn is handed out exactly once.
        assertThat(total).containsExactly(100_000, 60_000, 40_000);
    }

    @Test
    void scalesDownLargeWeightSumsKeepingEveryServer() {
        int[] weights = new int[15];
        java.util.Arrays.fill(weights, 0, 10, 1000);
        java.util.Arrays.fill(weights, 10, 15, 1);
        LoadBalancer balancer = create(primaries(weights));

        int[] counts = tally(balancer, 100_000, () -> 0, 0);

        for (int i = 0; i < 10; i++) {
            assertThat(counts[i]).as("server %d", i).isBetween(9_900, 10_100);
        }
        for (int i = 10; i < 15; i++) {
            assertThat(counts[i]).as("server %d", i).isBetween(1, 20);
        }
    }
}
