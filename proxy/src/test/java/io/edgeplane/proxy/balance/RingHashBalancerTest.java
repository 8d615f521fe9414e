package io.edgeplane.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.value.HostPort;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RingHashBalancerTest extends ConsistentHashContract {

    @Override
    LoadBalancer create(List<UpstreamServer> servers) {
        return new RingHashBalancer(servers);
    }

    @Override
    double shareTolerance() {
        return 0.25;
    }

    @Override
    double keptShare() {
        // Walking past a down server's points never moves a key that wasn't on it.
        return 1.0;
    }

    private static UpstreamServer at(int index, String host) {
        return new UpstreamServer(index, new HostPort(host, 8080), 1, false);
    }

    @Test
    void placesServersByAddressSoPoolOrderDoesNotMatter() {
        LoadBalancer forward = create(List.of(at(0, "10.0.0.1"), at(1, "10.0.0.2"), at(2, "10.0.0.3")));
        LoadBalancer reversed = create(List.of(at(0, "10.0.0.3"), at(1, "10.0.0.2"), at(2, "10.0.0.1")));
        SplittableRandom random = new SplittableRandom(9);

        for (int i = 0; i < 10_000; i++) {
            long key = random.nextLong();
            assertThat(reversed.pick(key, 0).address()).isEqualTo(forward.pick(key, 0).address());
        }
    }

    @Test
    void addingAServerTakesKeysOnlyForItself() {
        LoadBalancer three = create(List.of(at(0, "10.0.0.1"), at(1, "10.0.0.2"), at(2, "10.0.0.3")));
        LoadBalancer four = create(List.of(at(0, "10.0.0.1"), at(1, "10.0.0.2"), at(2, "10.0.0.3"), at(3, "10.0.0.4")));
        SplittableRandom random = new SplittableRandom(10);

        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            long key = random.nextLong();
            HostPort now = four.pick(key, 0).address();
            if (now.host().equals("10.0.0.4")) {
                taken++;
            } else {
                assertThat(now).isEqualTo(three.pick(key, 0).address());
            }
        }
        assertThat(taken).isBetween(1_500, 3_500);
    }

    @Test
    void aRepeatedAddressStillGetsItsShare() {
        LoadBalancer balancer = create(List.of(at(0, "10.0.0.1"), at(1, "10.0.0.1")));

        int[] counts = TestPools.tally(balancer, 10_000, new SplittableRandom(11)::nextLong, 0);

        assertThat(counts[1]).isBetween(3_000, 7_000);
    }
}
