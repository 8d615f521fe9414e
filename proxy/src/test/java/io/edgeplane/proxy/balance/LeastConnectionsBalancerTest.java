package io.edgeplane.proxy.balance;

import static io.edgeplane.proxy.balance.TestPools.equal;
import static io.edgeplane.proxy.balance.TestPools.mask;
import static io.edgeplane.proxy.balance.TestPools.primaries;
import static io.edgeplane.proxy.balance.TestPools.tally;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastConnectionsBalancerTest extends BalancerContract {

    @Override
    LoadBalancer create(List<UpstreamServer> servers) {
        return new LeastConnectionsBalancer(servers);
    }

    private static void load(UpstreamServer server, int requests) {
        for (int i = 0; i < requests; i++) {
            server.acquire();
        }
    }

    /** Picks and holds: every picked server keeps the request open. */
    private static void pickAndHold(LoadBalancer balancer, int picks) {
        for (int i = 0; i < picks; i++) {
            balancer.pick(0, 0).acquire();
        }
    }

    @Test
    void picksTheLeastLoaded() {
        List<UpstreamServer> servers = equal(3);
        LoadBalancer balancer = create(servers);
        load(servers.get(0), 5);
        load(servers.get(1), 2);
        load(servers.get(2), 3);

        assertThat(tally(balancer, 100, () -> 0, 0)).containsExactly(0, 100, 0);
    }

    @Test
    void aReleasedServerIsPreferredAgain() {
        List<UpstreamServer> servers = equal(2);
        LoadBalancer balancer = create(servers);
        load(servers.get(0), 4);
        load(servers.get(1), 3);
        assertThat(balancer.pick(0, 0)).isSameAs(servers.get(1));

        servers.get(0).release();
        servers.get(0).release();

        assertThat(balancer.pick(0, 0)).isSameAs(servers.get(0));
    }

    @Test
    void countsLoadRelativeToWeight() {
        List<UpstreamServer> servers = primaries(3, 1);
        LoadBalancer balancer = create(servers);
        // 5 / 3 is less than 2 / 1.
        load(servers.get(0), 5);
        load(servers.get(1), 2);

        assertThat(balancer.pick(0, 0)).isSameAs(servers.get(0));
    }

    @Test
    void heldRequestsPileUpInProportionToWeight() {
        List<UpstreamServer> servers = primaries(3, 1, 2);
        LoadBalancer balancer = create(servers);

        pickAndHold(balancer, 600);

        assertThat(servers.get(0).active()).isBetween(299, 301);
        assertThat(servers.get(1).active()).isBetween(99, 101);
        assertThat(servers.get(2).active()).isBetween(199, 201);
    }

    @Test
    void equallyLoadedServersTakeTurns() {
        LoadBalancer balancer = create(equal(4));

        // Nothing held: every pick is a four-way tie, and the rotating start breaks it.
        assertThat(tally(balancer, 4_000, () -> 0, 0)).containsExactly(1_000, 1_000, 1_000, 1_000);
    }

    @Test
    void aRetrySkipsTheLeastLoadedWhenItIsExcluded() {
        List<UpstreamServer> servers = equal(3);
        LoadBalancer balancer = create(servers);
        load(servers.get(0), 1);
        load(servers.get(2), 2);

        assertThat(balancer.pick(0, mask(1))).isSameAs(servers.get(0));
    }

    @Test
    void keepsInFlightRequestsEvenUnderChurn() {
        List<UpstreamServer> servers = equal(4);
        LoadBalancer balancer = create(servers);
        SplittableRandom random = new SplittableRandom(7);
        ArrayDeque<UpstreamServer> inFlight = new ArrayDeque<>();

        // Keep about 100 requests open, completing them in arbitrary order.
        for (int i = 0; i < 20_000; i++) {
            UpstreamServer server = balancer.pick(0, 0);
            server.acquire();
            inFlight.addLast(server);
            if (inFlight.size() > 100) {
                int skip = random.nextInt(inFlight.size());
                for (int s = 0; s < skip; s++) {
                    inFlight.addLast(inFlight.removeFirst());
                }
                inFlight.removeFirst().release();
            }
        }

        for (UpstreamServer server : servers) {
            assertThat(server.active()).as("%s", server).isBetween(20, 30);
        }
    }
}
