package io.edgeplane.proxy.balance;

import static io.edgeplane.proxy.balance.TestPools.equal;
import static io.edgeplane.proxy.balance.TestPools.mask;
import static io.edgeplane.proxy.balance.TestPools.primaries;
import static io.edgeplane.proxy.balance.TestPools.shares;
import static io.edgeplane.proxy.balance.TestPools.tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesBalancerTest extends BalancerContract {

    @Override
    LoadBalancer create(List<UpstreamServer> servers) {
        return new PowerOfTwoChoicesBalancer(servers);
    }

    private static void load(UpstreamServer server, int requests) {
        for (int i = 0; i < requests; i++) {
            server.acquire();
        }
    }

    @Test
    void ofTwoServersAlwaysTakesTheLessLoaded() {
        List<UpstreamServer> servers = equal(2);
        LoadBalancer balancer = create(servers);
        load(servers.get(0), 10);

        // The two candidates are always different servers, so with two there is no luck involved.
        assertThat(tally(balancer, 10_000, () -> 0, 0)).containsExactly(0, 10_000);
    }

    @Test
    void avoidsTheMostLoadedServer() {
        List<UpstreamServer> servers = equal(4);
        LoadBalancer balancer = create(servers);
        load(servers.get(3), 50);
        load(servers.get(0), 1);

        int[] counts = tally(balancer, 10_000, () -> 0, 0);

        // Server 3 loses every comparison; server 0 wins only against server 3.
        assertThat(counts[3]).isZero();
        assertThat(counts[0]).isLessThan(counts[1]);
        assertThat(counts[0]).isLessThan(counts[2]);
    }

    @Test
    void idleServersShareByWeight() {
        LoadBalancer balancer = create(primaries(5, 1, 1));

        double[] shares = shares(tally(balancer, 100_000, () -> 0, 0));

        assertThat(shares[0]).isCloseTo(5.0 / 7, within(0.01));
        assertThat(shares[1]).isCloseTo(1.0 / 7, within(0.01));
        assertThat(shares[2]).isCloseTo(1.0 / 7, within(0.01));
    }

    @Test
    void heldRequestsSpreadEvenly() {
        List<UpstreamServer> servers = equal(8);
        LoadBalancer balancer = create(servers);

        for (int i = 0; i < 8_000; i++) {
            balancer.pick(0, 0).acquire();
        }

        // Pure random would leave a spread of around ±3 standard deviations (±85) around 1,000; two
        // choices keep every server within a few requests of the mean.
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (UpstreamServer server : servers) {
            min = Math.min(min, server.active());
            max = Math.max(max, server.active());
        }
        assertThat(max - min).isLessThanOrEqualTo(10);
    }

    @Test
    void heldRequestsFollowWeights() {
        List<UpstreamServer> servers = primaries(3, 1);
        LoadBalancer balancer = create(servers);

        for (int i = 0; i < 4_000; i++) {
            balancer.pick(0, 0).acquire();
        }

        assertThat(servers.get(0).active()).isBetween(2_995, 3_005);
        assertThat(servers.get(1).active()).isBetween(995, 1_005);
    }

    @Test
    void aLoneCandidateIsTaken() {
        List<UpstreamServer> servers = equal(3);
        LoadBalancer balancer = create(servers);
        load(servers.get(2), 100);

        assertThat(tally(balancer, 1_000, () -> 0, mask(0, 1))).containsExactly(0, 0, 1_000);
    }
}
