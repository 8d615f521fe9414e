package io.edgeplane.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardSettingsTest {

    private static final UpstreamServer ONE = UpstreamServer.forAllDomains(new InetSocketAddress("192.0.2.1", 53));

    @Test
    void canonicalisesDomains() {
        UpstreamServer server = new UpstreamServer(new InetSocketAddress("192.0.2.1", 53), List.of("Corp.Example."));
        assertThat(server.domains()).containsExactly("corp.example");
        assertThat(server).hasToString("192.0.2.1:53 for corp.example");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> new UpstreamServer(new InetSocketAddress("192.0.2.1", 53), List.of("a..b")))
                .hasMessageContaining("'a..b' is not a domain");
        assertThatThrownBy(() -> new UpstreamServer(InetSocketAddress.createUnresolved("dns.example", 53), List.of()))
                .hasMessageContaining("must be an IP address");
        assertThatThrownBy(() -> settings(List.of(), Duration.ofSeconds(1), 1, 1)).hasMessageContaining("at least one upstream");
        assertThatThrownBy(() -> settings(List.of(ONE, ONE), Duration.ofSeconds(1), 1, 1)).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> settings(List.of(ONE), Duration.ZERO, 1, 1)).hasMessageContaining("queryTimeout must be positive");
        assertThatThrownBy(() -> settings(List.of(ONE), Duration.ofSeconds(1), 0, 1)).hasMessageContaining("attempts");
        assertThatThrownBy(() -> settings(List.of(ONE), Duration.ofSeconds(1), 1, 0)).hasMessageContaining("maxInFlight");
    }

    private static ForwardSettings settings(List<UpstreamServer> servers, Duration timeout, int attempts, int maxInFlight) {
        return new ForwardSettings(servers, ForwardSettings.Strategy.STRICT_ORDER, timeout, attempts, maxInFlight, true);
    }
}
