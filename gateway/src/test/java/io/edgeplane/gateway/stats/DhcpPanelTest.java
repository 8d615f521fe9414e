package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.vrrp.server.InstanceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The DHCP panel: the interface and pool served, and a row per lease, what dnsmasq keeps in its lease file. */
class DhcpPanelTest {

    private final StatsPage page = new StatsPage();

    @Test
    void theSummaryNamesTheInterfaceTheServerAddressAndThePoolFigures() {
        String html = page.render(DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status())));

        assertThat(html).contains("<section id=\"dhcp\">\n<h2>DHCP</h2>\n"
                + "<p>serving lan0 as 198.18.7.1; 5 leases, 96 of 101 range addresses free</p>\n");
        assertThat(html).contains("<table class=\"dhcp-leases\">\n<thead><tr><th>Address</th><th>MAC</th>"
                + "<th>Host name</th><th>Client id</th><th>Expires in</th></tr></thead>");
    }

    @Test
    void eachLeaseIsARowWithItsAddressMacNameClientIdAndTimeLeft() {
        String html = page.render(DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status())));

        assertThat(row(html, "data-address=\"198.18.7.50\"")).isEqualTo("<tr class=\"dhcp-lease\" "
                + "data-address=\"198.18.7.50\"><td>198.18.7.50</td><td>52:54:00:12:34:56</td><td>laptop</td>"
                + "<td>-</td><td class=\"n\">3h12m</td>");
        assertThat(row(html, "data-address=\"198.18.7.51\"")).isEqualTo("<tr class=\"dhcp-lease\" "
                + "data-address=\"198.18.7.51\"><td>198.18.7.51</td><td>52:54:00:00:00:02</td><td>-</td>"
                + "<td>01:52:54:00:00:00:02</td><td class=\"n\">45s</td>");
        assertThat(row(html, "data-address=\"198.18.7.52\"")).as("no hardware address: named by its client id")
                .isEqualTo("<tr class=\"dhcp-lease\" data-address=\"198.18.7.52\"><td>198.18.7.52</td><td>-</td>"
                        + "<td>printer</td><td>ff:00:01</td><td class=\"n\">2d01h</td>");
        assertThat(count(html, "<tr class=\"dhcp-lease\"")).isEqualTo(5);
        // In address order, as the status lists them.
        assertThat(html.indexOf("data-address=\"198.18.7.50\"")).isLessThan(html.indexOf("data-address=\"198.18.7.51\""));
    }

    @Test
    void aLeaseAtOrPastItsExpirySaysExpired() {
        String html = page.render(DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status())));

        assertThat(row(html, "data-address=\"198.18.7.53\"")).as("ending this very second: Lease.expiredAt")
                .endsWith("<td>phone</td><td>-</td><td class=\"n\">expired</td>");
        assertThat(row(html, "data-address=\"198.18.7.54\"")).endsWith("<td>-</td><td>-</td><td class=\"n\">expired</td>");
        assertThat(count(html, ">expired<")).isEqualTo(2);
    }

    @Test
    void theInterfaceNameIsEscaped() {
        // Interface names are checked by the config and host names are DNS labels, so neither can hold markup;
        // the panel escapes them all the same.
        String html = page.render(DhcpStatsFixture.model(Optional.of(
                DhcpStatsFixture.status("<b>lan0\"&", DhcpStatsFixture.leases()))));

        assertThat(html).doesNotContain("<b>lan0").contains("serving &lt;b&gt;lan0&quot;&amp; as 198.18.7.1");
    }

    @Test
    void noDhcpServiceNoPanel() {
        String html = page.render(DhcpStatsFixture.model(Optional.empty()));

        assertThat(html).doesNotContain("id=\"dhcp\"").doesNotContain("dhcp-lease");
    }

    @Test
    void aServerHoldingNoLeaseSaysSoAndHasNoTable() {
        String html = page.render(DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status("lan0", List.of()))));

        assertThat(html).contains("<p>serving lan0 as 198.18.7.1; 0 leases, 96 of 101 range addresses free</p>\n"
                + "<p class=\"muted\">no lease held</p>\n</section>\n").doesNotContain("dhcp-leases");
    }

    @Test
    void oneLeaseIsOneLease() {
        String html = page.render(DhcpStatsFixture.model(Optional.of(
                DhcpStatsFixture.status("lan0", DhcpStatsFixture.leases().subList(0, 1)))));

        assertThat(html).contains("serving lan0 as 198.18.7.1; 1 lease, 96 of 101");
    }

    @Test
    void moreLeasesThanTheRowLimitAreCountedNotListed() {
        List<Lease> many = new ArrayList<>();
        for (int i = 0; i < DhcpPanel.MAX_ROWS + 7; i++) {
            many.add(new Lease(DhcpStatsFixture.ipv4("10.0." + (i >> 8) + "." + (i & 0xff)),
                    new HardwareAddress(new byte[] {2, 0, 0, 0, (byte) (i >> 8), (byte) i}), Optional.empty(),
                    Optional.empty(), ProxyStatsFixture.NOW.plus(Duration.ofHours(1))));
        }

        String html = page.render(DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status("lan0", many))));

        assertThat(count(html, "<tr class=\"dhcp-lease\"")).isEqualTo(DhcpPanel.MAX_ROWS);
        assertThat(html).contains("data-address=\"10.0.3.231\"").doesNotContain("data-address=\"10.0.3.232\"")
                .contains("<p>serving lan0 as 198.18.7.1; 1007 leases,")
                .contains("<p class=\"muted\">and 7 more; all of them at /api/dhcp/leases</p>\n</section>");
    }

    @Test
    void thePanelComesLastAndItsTagsAreBalanced() {
        StatsPageModel dhcpOnly = DhcpStatsFixture.model(Optional.of(DhcpStatsFixture.status()));
        StatsPageModel withVrrp = new StatsPageModel(dhcpOnly.node(), dhcpOnly.version(), dhcpOnly.now(),
                dhcpOnly.uptime(), dhcpOnly.configSource(), dhcpOnly.configAppliedAt(), dhcpOnly.services(),
                dhcpOnly.proxy(), dhcpOnly.dns(), dhcpOnly.ntp(), Optional.of(List.<InstanceStatus>of()), dhcpOnly.dhcp(),
                false, Duration.ZERO);

        String html = page.render(withVrrp);

        assertThat(html.indexOf("<section id=\"vrrp\">")).isPositive().isLessThan(html.indexOf("<section id=\"dhcp\">"));
        String section = html.substring(html.indexOf("<section id=\"dhcp\">"), html.indexOf("</body>"));
        for (String tag : List.of("table", "thead", "tbody", "tr", "td", "th", "section", "p", "div")) {
            assertThat(count(section, "<" + tag + ">") + count(section, "<" + tag + " "))
                    .as(tag).isEqualTo(count(section, "</" + tag + ">"));
        }
    }

    /** The {@code <tr>} holding {@code marker}, up to its end tag (left out). */
    private static String row(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as("%s in%n%s", marker, html).isNotNegative();
        int start = html.lastIndexOf("<tr", at);
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }
}
