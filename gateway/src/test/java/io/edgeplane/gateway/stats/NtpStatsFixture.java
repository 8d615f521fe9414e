package io.edgeplane.gateway.stats;

import io.edgeplane.ntp.stats.NtpStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An NTP service as the chronyd interop test leaves it: synchronised to a chronyd at 127.0.0.1:11123 (stratum
 * 8, so this node is at 9), a second source rejected as a falseticker, and a server that has answered a few
 * clients. Public for the admin tests of {@code /stats.json}.
 */
public final class NtpStatsFixture {

    /** The source the clock follows. */
    public static final String PEER = "127.0.0.1:11123";

    private NtpStatsFixture() {
    }

    /** The service with its two sources, the second one configured as {@code configuredAs}. */
    public static NtpStats stats(String configuredAs) {
        NtpStats.Tracking tracking = new NtpStats.Tracking(true, PEER, 9, 12.5, 4.5, -3.25, 1250.0, "steered", 1);
        List<NtpStats.Source> sources = List.of(
                new NtpStats.Source(PEER, "127.0.0.1:11123", 8, 6, 0377, "system peer", 12.5, 85.0, 3.0),
                new NtpStats.Source("192.0.2.7:123", configuredAs, 2, 4, 017, "falseticker", -1523.4, 2345.6, 250.0));
        return new NtpStats(List.of("127.0.0.1:11124"), Map.of("time", 120L, "rate_kiss", 3L, "deny_kiss", 0L),
                Map.of("denied", 2L, "rate_limited", 5L, "malformed", 0L), 9, tracking, sources);
    }

    /** The service with its second source configured as {@code ntp.example.net}. */
    public static NtpStats stats() {
        return stats("ntp.example.net");
    }

    /** The proxy fixture's page, with this NTP service. */
    public static StatsPageModel model(NtpStats ntp) {
        StatsPageModel base = ProxyStatsFixture.model(false);
        return new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), Optional.empty(), Optional.of(ntp), false,
                java.time.Duration.ZERO);
    }
}
