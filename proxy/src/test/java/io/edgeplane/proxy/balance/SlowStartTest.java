package io.edgeplane.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow start: a server coming back gets a share of its picks that grows from a tenth to all of them over
 * the ramp, whatever the policy; alone in its tier it keeps every pick.
 */
class SlowStartTest {

    private static int picksOf(LoadBalancer balancer, UpstreamServer server, int picks) {
        int count = 0;
        for (int i = 0; i < picks; i++) {
            if (balancer.pick(i * 0x9E3779B97F4A7C15L, 0) == server) {
                count++;
            }
        }
        return count;
    }

    @Test
    void aRampingServerStartsAtATenthOfItsShareAndEndsWithAll() {
        for (var policy : List.of("round_robin", "least_conn", "random", "maglev")) {
            List<UpstreamServer> servers = TestPools.equal(2);
            LoadBalancer balancer = switch (policy) {
                case "round_robin" -> new RoundRobinBalancer(servers);
                case "least_conn" -> new LeastConnectionsBalancer(servers);
                case "random" -> new RandomBalancer(servers);
                default -> new MaglevBalancer(servers);
            };
            UpstreamServer back = servers.get(1);
            back.startRamp(System.nanoTime(), TimeUnit.HOURS.toNanos(1));
            // Half the picks without the ramp; at its start a tenth of its picks are kept: 5% of all for the
            // random policies, about 9% for round robin, whose re-pick takes the other server's turn.
            assertThat(picksOf(balancer, back, 20_000)).as(policy).isBetween(500, 2_000);

            back.startRamp(System.nanoTime() - TimeUnit.MINUTES.toNanos(54), TimeUnit.HOURS.toNanos(1));
            // 90% through the ramp: 0.1 + 0.9 × 0.9 = 91% of its half.
            assertThat(picksOf(balancer, back, 20_000)).as(policy).isBetween(8_200, 10_000);

            back.startRamp(System.nanoTime() - TimeUnit.HOURS.toNanos(2), TimeUnit.HOURS.toNanos(1));
            assertThat(picksOf(balancer, back, 20_000)).as(policy).isBetween(9_000, 11_000);
            assertThat(back.ramping()).as("the ramp ends once over").isFalse();
        }
    }

    @Test
    void aLoneServerKeepsEveryPickWhileRamping() {
        List<UpstreamServer> servers = TestPools.primaries(1);
        LoadBalancer balancer = new RoundRobinBalancer(servers);
        servers.getFirst().startRamp(System.nanoTime(), TimeUnit.HOURS.toNanos(1));
        assertThat(picksOf(balancer, servers.getFirst(), 1_000)).isEqualTo(1_000);
    }

    @Test
    void zeroLengthMeansNoRamp() {
        UpstreamServer server = TestPools.server(0, 1, false);
        server.startRamp(System.nanoTime(), 0);
        assertThat(server.ramping()).isFalse();
        assertThat(server.rampShare(System.nanoTime())).isEqualTo(1.0);
    }
}
