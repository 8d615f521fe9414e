package io.edgeplane.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamSelectorTest {

    private final UpstreamStats first = stats(1);
    private final UpstreamStats second = stats(2);
    private final UpstreamStats example = stats(3, "example");
    private final UpstreamStats corp = stats(4, "corp.example", "lab.example.");

    @Test
    void picksTheLongestDomainsServersElseTheDefaults() {
        UpstreamSelector selector = new UpstreamSelector(ForwardSettings.Strategy.STRICT_ORDER, List.of(first, second, example, corp));

        assertThat(selector.order("a.b.corp.example")).containsExactly(corp);
        assertThat(selector.order("corp.example")).containsExactly(corp);
        assertThat(selector.order("x.lab.example")).containsExactly(corp);
        assertThat(selector.order("other.example")).containsExactly(example);
        assertThat(selector.order("example")).containsExactly(example);
        assertThat(selector.order("notexample")).containsExactly(first, second);
        assertThat(selector.order("")).containsExactly(first, second);
    }

    @Test
    void findsNoServerWithoutDefaults() {
        UpstreamSelector selector = new UpstreamSelector(ForwardSettings.Strategy.FASTEST, List.of(corp));

        assertThat(selector.order("example.org")).isEmpty();
    }

    @Test
    void fastestPutsTheLowestSmoothedRttFirstAndProbesTheOthersNowAndThen() {
        UpstreamStats third = stats(5);
        UpstreamSelector selector = new UpstreamSelector(ForwardSettings.Strategy.FASTEST, List.of(first, second, third));
        for (UpstreamStats stats : List.of(first, second, third)) {
            stats.sent();
        }
        first.replied(30_000_000);
        second.replied(10_000_000);
        third.replied(20_000_000);

        int probes = 0;
        for (int i = 1; i <= 4 * UpstreamSelector.PROBE_EVERY; i++) {
            List<UpstreamStats> order = selector.order("a.example.org");
            if (i % UpstreamSelector.PROBE_EVERY == 0) {
                probes++;
                assertThat(order.getFirst()).isNotSameAs(second);
            } else {
                assertThat(order).containsExactly(second, third, first);
            }
        }
        assertThat(probes).isEqualTo(4);
    }

    @Test
    void smoothsTheRttAnEighthAtATime() {
        first.sent();
        first.replied(80_000_000);
        first.sent();
        first.replied(0);
        assertThat(first.smoothedRtt().toMillis()).isEqualTo(70);
        assertThat(first.pending()).isZero();
    }

    private static UpstreamStats stats(int host, String... domains) {
        return new UpstreamStats(new UpstreamServer(new InetSocketAddress("192.0.2." + host, 53), List.of(domains)));
    }
}
