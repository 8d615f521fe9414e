package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.vrrp.server.InstanceStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The VRRP panel: one row per instance with its state, priority, master, addresses and faults. */
class VrrpPanelTest {

    private final StatsPage page = new StatsPage();

    /** A master and a backup in FAULT, as a node with a tracked interface down shows them. */
    static List<InstanceStatus> instances() {
        return List.of(
                new InstanceStatus("VI_1", "eth0", 51, 2, "master", 100, 98, "10.0.0.2", Optional.empty(),
                        List.of("138.197.55.84/24"), List.of(), 120, 3),
                new InstanceStatus("VI_2", "eth1", 52, 3, "fault", 90, 90, "10.1.0.2", Optional.of("10.1.0.3"),
                        List.of("10.1.0.100/24"), List.of("interface eth1 down"), 0, 40));
    }

    static StatsPageModel model(Optional<List<InstanceStatus>> vrrp) {
        StatsPageModel base = ProxyStatsFixture.model(false);
        return new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), Optional.empty(), Optional.empty(), vrrp, false,
                java.time.Duration.ZERO);
    }

    @Test
    void eachInstanceIsARowWithItsStateAsAnAttributeAndABadge() {
        String html = page.render(model(Optional.of(instances())));

        assertThat(html).contains("<section id=\"vrrp\">\n<h2>VRRP</h2>\n");
        assertThat(html).contains("<tr class=\"vrrp-instance\" data-instance=\"VI_1\" data-state=\"master\"><td>VI_1</td>"
                + "<td>eth0 (10.0.0.2)</td><td class=\"n\">51</td><td class=\"n\">2</td>"
                + "<td><span class=\"badge ok\">master</span></td><td class=\"n\">98 / 100</td><td>this node</td>"
                + "<td>138.197.55.84/24</td><td></td><td class=\"n\">120</td><td class=\"n\">3</td></tr>");
        assertThat(html).contains("data-instance=\"VI_2\" data-state=\"fault\"")
                .contains("<span class=\"badge bad\">fault</span>").contains("<td>10.1.0.3</td>")
                .contains("<td class=\"warn\">interface eth1 down</td>");
    }

    @Test
    void noVrrpServiceNoPanel() {
        assertThat(page.render(model(Optional.empty()))).doesNotContain("id=\"vrrp\"");
    }

    @Test
    void aServiceWithNoInstanceSaysSo() {
        assertThat(page.render(model(Optional.of(List.of())))).contains("<p class=\"muted\">no instance running</p>");
    }
}
