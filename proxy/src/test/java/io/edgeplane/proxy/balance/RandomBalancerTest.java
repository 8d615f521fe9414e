package io.edgeplane.proxy.balance;

import static io.edgeplane.proxy.balance.TestPools.primaries;
import static io.edgeplane.proxy.balance.TestPools.shares;
import static io.edgeplane.proxy.balance.TestPools.tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RandomBalancerTest extends BalancerContract {

    @Override
    LoadBalancer create(List<UpstreamServer> servers) {
        return new RandomBalancer(servers);
    }

    @Test
    void sharesFollowWeights() {
        LoadBalancer balancer = create(primaries(5, 1, 1));

        double[] shares = shares(tally(balancer, 100_000, () -> 0, 0));

        assertThat(shares[0]).isCloseTo(5.0 / 7, within(0.01));
        assertThat(shares[1]).isCloseTo(1.0 / 7, within(0.01));
        assertThat(shares[2]).isCloseTo(1.0 / 7, within(0.01));
    }

    @Test
    void aDownServersShareIsSplitByWeight() {
        List<UpstreamServer> servers = primaries(5, 2, 1);
        LoadBalancer balancer = create(servers);
        servers.get(0).setAvailable(false);

        double[] shares = shares(tally(balancer, 100_000, () -> 0, 0));

        assertThat(shares[0]).isZero();
        assertThat(shares[1]).isCloseTo(2.0 / 3, within(0.01));
        assertThat(shares[2]).isCloseTo(1.0 / 3, within(0.01));
    }

    @Test
    void whenRetriesMostlyMissTheExactDrawKeepsWeights() {
        // The two light servers hold 3 of 1,003 weight units: nearly every draw lands on a down server,
        // so picks come from the fallback that draws among the pickable servers only.
        List<UpstreamServer> servers = primaries(500, 500, 2, 1);
        LoadBalancer balancer = create(servers);
        servers.get(0).setAvailable(false);
        servers.get(1).setAvailable(false);

        double[] shares = shares(tally(balancer, 60_000, () -> 0, 0));

        assertThat(shares[2]).isCloseTo(2.0 / 3, within(0.01));
        assertThat(shares[3]).isCloseTo(1.0 / 3, within(0.01));
    }
}
