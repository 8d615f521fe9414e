package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.core.stats.Latency;
import io.edgeplane.dns.stats.DnsStats;
import io.edgeplane.ntp.stats.NtpStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The NTP panel: chronyc tracking, serverstats and sources on the stats page. */
class NtpPanelTest {

    private final StatsPage page = new StatsPage();

    @Test
    void theTrackingLineShowsThePeerStratumAndMeasures() {
        String html = page.render(NtpStatsFixture.model(NtpStatsFixture.stats()));

        assertThat(html).contains("<section id=\"ntp\">\n<h2>NTP</h2>\n");
        assertThat(paragraph(html, "<p class=\"ntp-tracking\""))
                .startsWith("<p class=\"ntp-tracking\" data-synchronised=\"true\"><b>Tracking:</b> "
                        + "<span class=\"badge ok\">synchronised</span> to <b class=\"ntp-peer\">127.0.0.1:11123</b> · stratum 9 · ")
                .contains("offset +12.5 µs").contains("jitter 4.5 µs").contains("frequency -3.250 ppm")
                .contains("correction +1.25 ms").contains("system clock steered").endsWith(" · 1 step</p>");
    }

    @Test
    void theServerLineShowsWhereItListensTheStratumItServesAndItsCounts() {
        String html = page.render(NtpStatsFixture.model(NtpStatsFixture.stats()));

        assertThat(paragraph(html, "<p class=\"ntp-server\""))
                .isEqualTo("<p class=\"ntp-server\" data-served-stratum=\"9\"><b>Server:</b> 127.0.0.1:11124 "
                        + "<span class=\"muted\">udp</span> · serves stratum 9</p>");
        // Sorted by name, whatever order the stats hold them in.
        assertThat(paragraph(html, "<p class=\"ntp-counts\" data-kind=\"reply\""))
                .isEqualTo("<p class=\"ntp-counts\" data-kind=\"reply\"><b>Replies:</b> <span data-reply=\"deny_kiss\">deny_kiss 0</span>"
                        + " · <span data-reply=\"rate_kiss\">rate_kiss 3</span> · <span data-reply=\"time\">time 120</span></p>");
        assertThat(paragraph(html, "<p class=\"ntp-counts\" data-kind=\"dropped\""))
                .contains("<span data-dropped=\"denied\">denied 2</span> · <span data-dropped=\"malformed\">malformed 0</span>"
                        + " · <span data-dropped=\"rate_limited\">rate_limited 5</span>");
    }

    @Test
    void eachSourceHasARowAsChronycSourcesShowsIt() {
        String html = page.render(NtpStatsFixture.model(NtpStatsFixture.stats()));

        assertThat(html).contains("<table class=\"ntp-sources\">");
        assertThat(row(html, "data-source=\"127.0.0.1:11123\""))
                .isEqualTo("<tr class=\"ntp-source system-peer\" data-source=\"127.0.0.1:11123\" data-state=\"system peer\">"
                        + "<td>127.0.0.1:11123</td><td class=\"ntp-state\">system peer</td><td class=\"n\">8</td>"
                        + "<td class=\"n\" title=\"poll 6\">64 s</td><td class=\"n\">377</td>"
                        + "<td class=\"n\">+12.5 µs</td><td class=\"n\">85.0 µs</td><td class=\"n\">3.0 µs</td>");
        assertThat(row(html, "data-source=\"192.0.2.7:123\""))
                .isEqualTo("<tr class=\"ntp-source\" data-source=\"192.0.2.7:123\" data-state=\"falseticker\">"
                        + "<td>192.0.2.7:123 <span class=\"muted\">ntp.example.net</span></td>"
                        + "<td class=\"ntp-state warn\">falseticker</td><td class=\"n\">2</td>"
                        + "<td class=\"n\" title=\"poll 4\">16 s</td><td class=\"n\">17</td>"
                        + "<td class=\"n\">-1.52 ms</td><td class=\"n\">2.35 ms</td><td class=\"n\">250.0 µs</td>");
        assertThat(count(html, "<tr class=\"ntp-source")).isEqualTo(2);
        // The system peer stands out, told apart by more than its colour: its state is written too.
        assertThat(html).contains("tr.system-peer td.ntp-state { background: ");
    }

    @Test
    void aConfiguredNameIsEscapedAndOnlyShownWhenItIsNotTheAddress() {
        String html = page.render(NtpStatsFixture.model(NtpStatsFixture.stats("<script>alert('x')</script>")));

        assertThat(html).doesNotContainIgnoringCase("<script")
                .contains("<td>192.0.2.7:123 <span class=\"muted\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</span></td>");
        assertThat(page.render(NtpStatsFixture.model(NtpStatsFixture.stats("192.0.2.7"))))
                .contains("<td>192.0.2.7:123</td>");
        NtpStats.Tracking hostilePeer = new NtpStats.Tracking(true, "\"><b>x", 3, 0, 0, 0, 0, "untouched", 0);
        assertThat(page.render(NtpStatsFixture.model(new NtpStats(List.of("<i>"), Map.of("<u>", 1L), Map.of(), 0,
                hostilePeer, List.of(new NtpStats.Source("a\"b", "c", 1, 0, 1, "<state>", 0, 0, 0))))))
                .doesNotContain("<b>x").doesNotContain("<i>").doesNotContain("<u>").doesNotContain("<state>")
                .contains("&quot;&gt;&lt;b&gt;x").contains("data-source=\"a&quot;b\" data-state=\"&lt;state&gt;\"")
                .contains("data-reply=\"&lt;u&gt;\"");
    }

    @Test
    void anUnsynchronisedClientSaysSoAndShowsNoMeasuresForASourceNeverHeardFrom() {
        NtpStats clientOnly = new NtpStats(List.of(), Map.of(), Map.of(), 0,
                new NtpStats.Tracking(false, "", 16, 0, 0, 0, 0, "untouched", 0),
                List.of(new NtpStats.Source("10.0.0.53:123", "10.0.0.53", 0, 6, 0, "unreached", 0, 0, 0)));

        String html = page.render(NtpStatsFixture.model(clientOnly));

        assertThat(paragraph(html, "<p class=\"ntp-tracking\"")).contains("data-synchronised=\"false\"")
                .contains("<span class=\"badge bad\">unsynchronised</span> <span class=\"muted\">no system peer</span>")
                .contains("stratum 16").contains("offset 0.0 µs").contains("frequency 0.000 ppm").contains("0 steps");
        assertThat(paragraph(html, "<p class=\"ntp-server\""))
                .isEqualTo("<p class=\"ntp-server\" data-served-stratum=\"0\"><b>Server:</b> "
                        + "<span class=\"muted\">client only: serves no one</span></p>");
        assertThat(html).doesNotContain("class=\"ntp-counts\"");
        assertThat(row(html, "data-source=\"10.0.0.53:123\"")).contains("<td>10.0.0.53:123</td>")
                .contains("<td class=\"ntp-state\">unreached</td><td class=\"n\">-</td>")
                .contains("<td class=\"n\">0</td><td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td>");
    }

    @Test
    void aServerOfItsOwnClockHasNoSourcesTable() {
        NtpStats serverOnly = new NtpStats(List.of("0.0.0.0:123", "[::]:123"), Map.of("time", 4L), Map.of(), 10,
                new NtpStats.Tracking(false, "", 16, 0, 0, 0, 0, "untouched", 0), List.of());

        String html = page.render(NtpStatsFixture.model(serverOnly));

        assertThat(paragraph(html, "<p class=\"ntp-tracking\"")).isEqualTo("<p class=\"ntp-tracking\" data-synchronised=\"false\">"
                + "<b>Tracking:</b> <span class=\"muted\">no servers or pools to synchronise to</span></p>");
        assertThat(paragraph(html, "<p class=\"ntp-server\"")).contains("0.0.0.0:123, [::]:123").contains("serves stratum 10");
        assertThat(paragraph(html, "<p class=\"ntp-counts\" data-kind=\"dropped\"")).contains("<span class=\"muted\">none yet</span>");
        assertThat(html).doesNotContain("ntp-sources").doesNotContain("unsynchronised<");

        NtpStats unsynchronised = new NtpStats(serverOnly.addresses(), Map.of(), Map.of(), 0, serverOnly.tracking(), List.of());
        assertThat(paragraph(page.render(NtpStatsFixture.model(unsynchronised)), "<p class=\"ntp-server\""))
                .contains("serves <span class=\"muted\">unsynchronised time (clients ignore it)</span>");
    }

    @Test
    void noNtpServiceNoPanel() {
        assertThat(page.render(ProxyStatsFixture.model(false))).doesNotContain("id=\"ntp\"").doesNotContain("ntp-sources")
                .doesNotContain("<p class=\"ntp-");
    }

    @Test
    void thePanelComesAfterDnsAndItsTagsAreBalanced() {
        StatsPageModel ntpOnly = NtpStatsFixture.model(NtpStatsFixture.stats());
        DnsStats dns = new DnsStats(List.of("127.0.0.1:53"), 1, 0, 0, 0, Map.of(), Map.of(), 0, 0, 0, 0, 0, Latency.NONE,
                new DnsStats.Forwarding(false, 0, 0, 0, 0, 0, 0, 0, List.of()));
        StatsPageModel both = new StatsPageModel(ntpOnly.node(), ntpOnly.version(), ntpOnly.now(), ntpOnly.uptime(),
                ntpOnly.configSource(), ntpOnly.configAppliedAt(), ntpOnly.services(), ntpOnly.proxy(), Optional.of(dns),
                ntpOnly.ntp(), false, Duration.ZERO);

        String html = page.render(both);

        assertThat(html.indexOf("<section id=\"dns\">")).isPositive().isLessThan(html.indexOf("<section id=\"ntp\">"));
        String section = html.substring(html.indexOf("<section id=\"ntp\">"), html.indexOf("</body>"));
        for (String tag : List.of("table", "thead", "tbody", "tr", "td", "th", "section", "p", "span", "b")) {
            assertThat(count(section, "<" + tag + ">") + count(section, "<" + tag + " "))
                    .as(tag).isEqualTo(count(section, "</" + tag + ">"));
        }
    }

    /** The {@code <p>} that starts with {@code start}, to its end tag. */
    private static String paragraph(String html, String start) {
        int from = html.indexOf(start);
        assertThat(from).as("%s in%n%s", start, html).isNotNegative();
        return html.substring(from, html.indexOf("</p>", from) + "</p>".length());
    }

    /** The {@code <tr>} holding {@code marker}, up to its end tag (left out). */
    private static String row(String html, String marker) {
        int start = html.lastIndexOf("<tr", html.indexOf(marker));
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
