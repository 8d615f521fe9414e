package io.edgeplane.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OverloadReportTest {

    private final AtomicLong now = new AtomicLong(-5_000);
    private final OverloadReport report = new OverloadReport(now::get);
    private final UpstreamStats quick = new UpstreamStats(UpstreamServer.forAllDomains(new InetSocketAddress("192.0.2.1", 53)));
    private final UpstreamStats stuck = new UpstreamStats(UpstreamServer.forAllDomains(new InetSocketAddress("192.0.2.2", 53)));

    @Test
    void namesTheUpstreamWithTheMostPendingQueriesAtMostEveryTenSeconds() {
        quick.sent();
        quick.replied(TimeUnit.MILLISECONDS.toNanos(3));
        for (int i = 0; i < 3; i++) {
            stuck.sent();
        }
        List<UpstreamStats> upstreams = List.of(quick, stuck);

        String line = report.refused(150, upstreams);
        assertThat(line).contains("150 forwarded queries in flight", "1 new query failed", "Slowest upstream: /192.0.2.2:53",
                "3 pending");

        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(report.refused(150, upstreams)).isNull();
        assertThat(report.refused(150, upstreams)).isNull();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(report.refused(150, upstreams)).contains("3 new queries failed");
    }
}
