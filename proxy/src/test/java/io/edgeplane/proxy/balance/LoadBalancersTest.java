package io.edgeplane.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.edgeplane.config.proxy.UpstreamConfig.Balance;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LoadBalancersTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            ROUND_ROBIN, RoundRobinBalancer
            LEAST_CONN,  LeastConnectionsBalancer
            P2C,         PowerOfTwoChoicesBalancer
            RANDOM,      RandomBalancer
            HASH,        RingHashBalancer
            MAGLEV,      MaglevBalancer
            """)
    void buildsTheConfiguredPolicy(Balance policy, String type) {
        assertThat(LoadBalancers.create(policy, TestPools.equal(2)).getClass().getSimpleName()).isEqualTo(type);
    }

    @ParameterizedTest
    @EnumSource(Balance.class)
    void everyPolicyServesItsPool(Balance policy) {
        List<UpstreamServer> servers = TestPools.primaries(2, 1);

        LoadBalancer balancer = LoadBalancers.create(policy, servers);

        assertThat(balancer.servers()).containsExactlyElementsOf(servers);
        assertThat(balancer.pick(42, 0)).isIn(servers);
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> LoadBalancers.create(null, TestPools.equal(1))).withMessage("policy");
        assertThatNullPointerException().isThrownBy(() -> LoadBalancers.create(Balance.HASH, null)).withMessage("servers");
    }
}
