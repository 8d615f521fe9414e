package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.server.DhcpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The firewall panel: the ruleset in force, whether the kernel still holds it (drift stands out), packets denied per
 * chain, and the config's warnings.
 */
class FirewallPanelTest {

    private final StatsPage page = new StatsPage();

    @Test
    void theRulesetLineNamesTheDigestTheRulesWhenItWasAppliedAndOnStop() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.status())));

        assertThat(html).contains("<section id=\"firewall\">\n<h2>Firewall</h2>\n"
                + "<p class=\"firewall-ruleset\" data-digest=\"1c73c190d66202f5\"><b>Ruleset:</b> "
                + "<code>1c73c190d66202f5</code> in table inet edgeplane · 19 rules · applied "
                + "<span title=\"2025-03-01T08:48:00Z\">3h12m ago</span> · "
                + "<span title=\"what happens to the table when edgeplane stops\">on_stop: keep</span></p>\n");
    }

    @Test
    void aKernelInSyncSaysSoWithTheLastCheck() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.status())));

        assertThat(html).contains("<p class=\"firewall-kernel\" data-in-sync=\"true\"><b>Kernel:</b> "
                + "<span class=\"badge ok\">in sync</span> · last check "
                + "<span title=\"2025-03-01T11:59:48Z\">12s ago</span></p>\n");
        assertThat(section(html)).doesNotContain("firewall-drift").doesNotContain("badge bad");
    }

    @Test
    void driftStandsOutWithEachWayTheKernelsTableDiffers() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.drifted())));

        assertThat(html).contains("<p class=\"firewall-kernel\" data-in-sync=\"false\"><b>Kernel:</b> "
                + "<span class=\"badge bad\">drift</span> <span class=\"problem\">the kernel's table is not the "
                + "ruleset applied; a reload puts it back</span> · last check "
                + "<span title=\"2025-03-01T11:59:48Z\">12s ago</span></p>\n"
                + "<ul class=\"firewall-drift\">\n<li>table inet edgeplane is missing from the kernel</li>\n"
                + "<li>chain input has 12 rules in the kernel, expected 11</li>\n</ul>\n");
        assertThat(section(html)).doesNotContain("in sync</span>");
    }

    @Test
    void aTableNotReadBackYetSaysSo() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.notChecked())));

        assertThat(html).contains("<span class=\"badge ok\">in sync</span> · "
                + "<span class=\"muted\">not checked yet</span></p>\n")
                .contains("· 1 rule · applied <span title=\"2025-03-01T11:59:55Z\">5s ago</span>")
                .contains("on_stop: remove</span>");
    }

    @Test
    void eachChainIsARowWithTheDeniedPacketsInChainOrder() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.status())));

        assertThat(html).contains("<table class=\"firewall-denied\">\n<thead><tr><th>Chain</th>");
        assertThat(row(html, "data-chain=\"input\"")).isEqualTo("<tr class=\"firewall-chain\" data-chain=\"input\">"
                + "<td>input</td><td class=\"n\">1234</td>");
        assertThat(row(html, "data-chain=\"output\"")).endsWith("<td>output</td><td class=\"n\">7</td>");
        assertThat(row(html, "data-chain=\"forward\"")).as("a chain that denied nothing shows 0")
                .endsWith("<td>forward</td><td class=\"n\">0</td>");
        assertThat(count(html, "<tr class=\"firewall-chain\"")).isEqualTo(3);
        assertThat(html.indexOf("data-chain=\"forward\"")).isLessThan(html.indexOf("data-chain=\"input\""));
        assertThat(html.indexOf("data-chain=\"input\"")).isLessThan(html.indexOf("data-chain=\"output\""));
    }

    @Test
    void noCountsYetIsSaidAndHasNoTable() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.drifted())));

        assertThat(section(html)).contains("<p class=\"muted\">no denied packets counted yet</p>\n")
                .doesNotContain("firewall-denied").doesNotContain("firewall-chain");
    }

    @Test
    void theWarningsAreListed() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.status())));

        assertThat(html).contains("<p><b>Warnings:</b></p>\n<ul class=\"firewall-warnings\">\n<li>"
                + "admin listener 198.18.0.1:8404 is unreachable: no firewall.input.allow rule opens tcp/8404 "
                + "(auto_allow: true opens it to the networks it serves)</li>\n</ul>\n</section>\n");
    }

    @Test
    void noWarningsNoList() {
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.notChecked())));

        assertThat(section(html)).doesNotContain("Warnings").doesNotContain("firewall-warnings");
    }

    @Test
    void whatCameFromConfigIsEscaped() {
        // Warnings and drift name listeners, chains and sets from the config; the panel escapes them all.
        String html = page.render(FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.status(
                List.of("set <b>x</b> lacks 10.0.0.1 in the kernel"), Map.of("in\"put", 1L),
                List.of("proxy listener <script>alert(1)</script> is unreachable")))));

        assertThat(html).doesNotContain("<b>x</b>").doesNotContain("<script>alert")
                .contains("<li>set &lt;b&gt;x&lt;/b&gt; lacks 10.0.0.1 in the kernel</li>")
                .contains("data-chain=\"in&quot;put\"><td>in&quot;put</td>")
                .contains("<li>proxy listener &lt;script&gt;alert(1)&lt;/script&gt; is unreachable</li>");
    }

    @Test
    void noFirewallNoPanel() {
        String html = page.render(FirewallStatsFixture.model(Optional.empty()));

        String body = html.substring(html.indexOf("<body>"));
        assertThat(body).doesNotContain("id=\"firewall\"").doesNotContain("firewall-");
    }

    @Test
    void thePanelComesLastAndItsTagsAreBalanced() {
        StatsPageModel firewallOnly = FirewallStatsFixture.model(Optional.of(FirewallStatsFixture.drifted()));
        StatsPageModel withDhcp = new StatsPageModel(firewallOnly.node(), firewallOnly.version(), firewallOnly.now(),
                firewallOnly.uptime(), firewallOnly.configSource(), firewallOnly.configAppliedAt(),
                firewallOnly.services(), firewallOnly.proxy(), firewallOnly.dns(), firewallOnly.ntp(),
                firewallOnly.vrrp(), Optional.of(DhcpStatsFixture.status()), firewallOnly.firewall(), false,
                Duration.ZERO);

        for (StatsPageModel model : List.of(withDhcp, FirewallStatsFixture.model(
                Optional.of(FirewallStatsFixture.status())))) {
            String html = page.render(model);

            assertThat(html.indexOf("<section id=\"firewall\">")).isPositive();
            assertThat(html.indexOf("<section id=\"dhcp\">")).isLessThan(html.indexOf("<section id=\"firewall\">"));
            String section = html.substring(html.indexOf("<section id=\"firewall\">"), html.indexOf("</body>"));
            for (String tag : List.of("table", "thead", "tbody", "tr", "td", "th", "section", "p", "ul", "li", "span",
                    "code", "b")) {
                assertThat(count(section, "<" + tag + ">") + count(section, "<" + tag + " "))
                        .as(tag).isEqualTo(count(section, "</" + tag + ">"));
            }
        }
    }

    @Test
    void theModelWithoutAFirewallIsTheOneOfTheOlderConstructors() {
        StatsPageModel dhcp = DhcpStatsFixture.model(Optional.<DhcpStatus>empty());

        assertThat(dhcp.firewall()).isEmpty();
    }

    /** The firewall's section: the style sheet names its classes too. */
    private static String section(String html) {
        int start = html.indexOf("<section id=\"firewall\">");
        assertThat(start).as(html).isNotNegative();
        return html.substring(start, html.indexOf("</section>", start));
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
