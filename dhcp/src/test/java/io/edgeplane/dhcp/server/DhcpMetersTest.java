package io.edgeplane.dhcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The series are tagged in lowercase, whatever case the enum names they are counted by come in. */
class DhcpMetersTest {

    @Test
    void countsByLowercaseTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DhcpMeters meters = new DhcpMeters(registry);

        meters.request("DISCOVER");
        meters.request("DISCOVER");
        meters.request("discover");
        meters.reply("OFFER");
        meters.dropped("CLIENT_LIMITED");
        meters.ignored("OTHER_SERVER");

        assertThat(registry.get("edgeplane.dhcp.requests").tag("type", "discover").counter().count()).isEqualTo(3);
        assertThat(registry.get("edgeplane.dhcp.replies").tag("type", "offer").counter().count()).isEqualTo(1);
        assertThat(registry.get("edgeplane.dhcp.dropped").tag("reason", "client_limited").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("edgeplane.dhcp.ignored").tag("reason", "other_server").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("edgeplane.dhcp.requests").counters()).hasSize(1);
    }
}
