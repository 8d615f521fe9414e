package io.edgeplane.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaglevBalancerTest extends ConsistentHashContract {

    @Override
    LoadBalancer create(List<UpstreamServer> servers) {
        return new MaglevBalancer(servers);
    }

    @Override
    double shareTolerance() {
        return 0.15;
    }

    @Override
    double keptShare() {
        return 0.95;
    }

    @Test
    void tableSizeIsAPrimeWithAHundredSlotsPerServer() {
        assertThat(MaglevBalancer.tableSize(1)).isEqualTo(65_537);
        assertThat(MaglevBalancer.tableSize(655)).isEqualTo(65_537);
        // 100,003 is the first prime from 100,000 on.
        assertThat(MaglevBalancer.tableSize(1_000)).isEqualTo(100_003);
    }

    @Test
    void extremeWeightsStillGiveTheLightServerSomeKeys() {
        LoadBalancer balancer = create(TestPools.primaries(1000, 1));

        int[] counts = TestPools.tally(balancer, 1_000_000, new java.util.SplittableRandom(12)::nextLong, 0);

        // 1 of 1,001 weight units: about 65 of the table's 65,537 slots, so about 1,000 of a million keys.
        assertThat(counts[1]).isBetween(700, 1_300);
    }
}
