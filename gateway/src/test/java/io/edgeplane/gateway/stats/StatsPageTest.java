package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.core.stats.Latency;
import io.edgeplane.dns.stats.DnsStats;
import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StatusCounts;
import io.edgeplane.proxy.stats.Traffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The stats page: its DOM contract, what it shows, what it lets an operator do, and what it never does. */
class StatsPageTest {

    private final StatsPage page = new StatsPage();

    @Test
    void eachListenerHasATableWithASummaryRowAndARowPerRoute() {
        String html = page.render(ProxyStatsFixture.model(false));

        assertThat(html).contains("<table class=\"listener\" data-listener=\"public\">")
                .contains("<table class=\"listener\" data-listener=\"internal\">")
                .contains("<tr class=\"route\" data-route=\"api\">")
                .contains("<tr class=\"route\" data-route=\"static\">")
                .contains("<tr class=\"route\" data-route=\"health\">");
        String publicTable = table(html, "<table class=\"listener\" data-listener=\"public\">");
        assertThat(publicTable)
                .contains("<td>0.0.0.0:443, [::]:443</td><td>yes</td><td class=\"n\">12 / 40</td><td class=\"n\">1000</td>")
                // rate, requests, then 1xx..5xx and other; 5xx and other stand out
                .contains("<td class=\"n\">42.3</td><td class=\"n\">10500</td><td class=\"n\">0</td>"
                        + "<td class=\"n\">10000</td><td class=\"n\">200</td><td class=\"n\">250</td>"
                        + "<td class=\"n warn\">40</td><td class=\"n warn\">10</td>")
                .contains("<td class=\"n\">4.8 MiB</td><td class=\"n\">1.2 MiB</td>")
                .contains("<td class=\"n\">12.3 ms</td><td class=\"n\">250.0 ms</td>");
        assertThat(row(publicTable, "<tr class=\"route\" data-route=\"static\">"))
                .contains("<th scope=\"row\">static</th><td>files</td>")
                .contains("<td class=\"n\">2.3</td><td class=\"n\">1500</td>")
                .contains("<td class=\"n\">0.4 ms</td><td class=\"n\">1.2 ms</td>");
        String internalTable = table(html, "<table class=\"listener\" data-listener=\"internal\">");
        assertThat(internalTable).contains("<td>no</td>").contains("<td class=\"n\">none</td>")
                .contains("<td class=\"n\">-</td><td class=\"n\">-</td>");
    }

    @Test
    void eachPoolHasATableWithAvailableAndServerCounts() {
        String html = page.render(ProxyStatsFixture.model(false));

        assertThat(html).contains("<table class=\"pool\" data-pool=\"api\" data-available=\"2\" data-servers=\"4\">")
                .contains("<table class=\"pool\" data-pool=\"web\" data-available=\"0\" data-servers=\"2\">");
        String api = table(html, "data-pool=\"api\" data-available");
        assertThat(api).contains("least_connections").contains("2/4 servers available").contains("4 retries");
        assertThat(row(api, "<tr class=\"pool-summary\">"))
                .contains("<td class=\"state-cell\">2/4 available</td><td>4 retries</td>")
                .contains("<td class=\"n\">3 / 20</td>")
                .contains("<td class=\"n warn\">39</td><td class=\"n warn\">2</td>");
        assertThat(row(table(html, "data-pool=\"web\""), "<tr class=\"pool-summary\">"))
                .contains("<td class=\"state-cell none-available\">0/2 available</td>");
    }

    @Test
    void everyServerRowCarriesItsPoolNameAndStateAsClassAndData() {
        String html = page.render(ProxyStatsFixture.model(false));

        assertThat(html)
                .contains("<tr class=\"server state-up\" data-pool=\"api\" data-server=\"10.0.0.1:8080\" data-state=\"UP\">")
                .contains("<tr class=\"server state-down\" data-pool=\"api\" data-server=\"10.0.0.2:8080\" data-state=\"DOWN\">")
                .contains("<tr class=\"server state-ejected\" data-pool=\"api\" data-server=\"10.0.0.3:8080\" data-state=\"EJECTED\">")
                .contains("<tr class=\"server state-up\" data-pool=\"api\" data-server=\"10.0.0.9:8080\" data-state=\"UP\">")
                .contains("<tr class=\"server state-drain\" data-pool=\"web\" data-server=\"web-1.internal:80\" data-state=\"DRAIN\">")
                .contains("<tr class=\"server state-maint\" data-pool=\"web\" data-server=\"web-2.internal:80\" data-state=\"MAINT\">");
        assertThat(count(html, "<tr class=\"server ")).isEqualTo(6);
        // The state is written as well as coloured, and each state has a colour of its own.
        for (ServerState state : ServerState.values()) {
            String css = "tr.state-" + state.name().toLowerCase(java.util.Locale.ROOT) + " td.state-cell { background: ";
            assertThat(html).contains(css);
            assertThat(html).contains("<td class=\"state-cell\">" + state.name() + "</td>");
        }
        assertThat(backgrounds(html)).doesNotHaveDuplicates().hasSize(ServerState.values().length);
    }

    @Test
    void contractElementsHaveExactlyTheAgreedForm() {
        String html = page.render(ProxyStatsFixture.model(true));

        assertThat(tags(html, "<table")).hasSize(4).allSatisfy(tag -> assertThat(tag).matches(
                "<table class=\"listener\" data-listener=\"[^\"]+\">"
                        + "|<table class=\"pool\" data-pool=\"[^\"]+\" data-available=\"\\d+\" data-servers=\"\\d+\">"));
        assertThat(tags(html, "<tr class=\"server")).hasSize(6).allSatisfy(tag -> assertThat(tag).matches(
                "<tr class=\"server state-(up|down|ejected|drain|maint)\" data-pool=\"[^\"]+\" data-server=\"[^\"]+\""
                        + " data-state=\"(UP|DOWN|EJECTED|DRAIN|MAINT)\">"));
        for (String tag : tags(html, "<tr class=\"server")) {
            String state = tag.replaceAll(".*data-state=\"(\\w+)\".*", "$1");
            assertThat(tag).contains("state-" + state.toLowerCase(java.util.Locale.ROOT) + "\"");
        }
        assertThat(tags(html, "<tr class=\"route")).hasSize(3)
                .allSatisfy(tag -> assertThat(tag).matches("<tr class=\"route\" data-route=\"[^\"]+\">"));
        assertThat(tags(html, "<li class=\"service")).hasSize(3).allSatisfy(tag -> assertThat(tag)
                .matches("<li class=\"service\" data-service=\"[^\"]+\" data-healthy=\"(true|false)\">"));
        assertThat(count(html, "<section id=\"services\">")).isOne();
        assertThat(count(html, "<section id=\"proxy\">")).isOne();
        assertThat(count(html, "<span id=\"servers-up\">")).isOne();
        assertThat(count(html, "<span id=\"servers-total\">")).isOne();
    }

    @Test
    void serverRowsShowWeightChecksAndHistory() {
        String html = page.render(ProxyStatsFixture.model(false));

        String drain = row(html, "data-server=\"web-1.internal:80\"");
        assertThat(drain).contains("<td class=\"n\">50/100</td>").contains("<td class=\"n\">2 / 5</td>")
                .contains("<td class=\"check check-passed\">passed · connected · <time");
        assertThat(row(html, "data-server=\"10.0.0.1:8080\"")).contains("<td class=\"n\">100</td>")
                .contains("passed · HTTP 200 · <time datetime=\"2025-03-01T11:59:58Z\" title=\"took 4 ms\">2s ago</time>")
                .contains("2h00m ago");
        assertThat(row(html, "data-server=\"10.0.0.2:8080\"")).contains("<td class=\"check check-failed\">failed · connection refused")
                .contains("<td class=\"n warn\">14</td>");
        assertThat(row(html, "data-server=\"10.0.0.9:8080\"")).contains("<td>backup</td>")
                .contains("<td class=\"check muted\">no checks</td>").contains("1d00h ago");

        String ejected = row(html, "data-server=\"10.0.0.3:8080\"");
        assertThat(ejected).contains("<details class=\"history\"><summary><time datetime=\"2025-03-01T11:56:48Z\">3m12s ago</time></summary>");
        // newest first
        assertThat(ejected.indexOf("connection reset")).isLessThan(ejected.indexOf("ejection over after 60s"));
        assertThat(ejected.indexOf("ejection over after 60s")).isLessThan(ejected.indexOf("timed out"));
        assertThat(ejected).contains("<li><time datetime=\"2025-03-01T11:00:00Z\">2025-03-01T11:00:00Z</time> "
                + "UP → EJECTED: 5 consecutive failures: timed out</li>");
    }

    @Test
    void actionFormsShowOnlyForAViewerWhoMayWrite() {
        String readOnly = page.render(ProxyStatsFixture.model(false));
        assertThat(readOnly).doesNotContain("<form").doesNotContain("class=\"action-").doesNotContain("<th>Actions</th>");

        String writable = page.render(ProxyStatsFixture.model(true));
        assertThat(writable).contains("<th>Actions</th>");
        assertThat(row(writable, "data-server=\"10.0.0.1:8080\""))
                .contains("<form method=\"post\" action=\"/api/proxy/pools/api/servers/10.0.0.1:8080?state=drain&amp;redirect=stats\">"
                        + "<button type=\"submit\" class=\"action-drain\"")
                .contains("action=\"/api/proxy/pools/api/servers/10.0.0.1:8080?state=maint&amp;redirect=stats\"")
                .doesNotContain("action-ready");
        assertThat(row(writable, "data-server=\"web-1.internal:80\""))
                .contains("?state=ready&amp;redirect=stats\"><button type=\"submit\" class=\"action-ready\"")
                .contains("class=\"action-maint\"").doesNotContain("action-drain");
        assertThat(row(writable, "data-server=\"web-2.internal:80\""))
                .contains("class=\"action-ready\"").contains("class=\"action-drain\"").doesNotContain("action-maint");
        assertThat(row(writable, "data-server=\"10.0.0.3:8080\""))
                .contains("class=\"action-drain\"").contains("class=\"action-maint\"").doesNotContain("action-ready");
        assertThat(count(writable, "<form ")).isEqualTo(4 * 2 + 2 + 2);
    }

    @Test
    void servicesPanelListsEachServiceInOrderWithItsHealth() {
        String html = page.render(ProxyStatsFixture.model(false));

        String services = html.substring(html.indexOf("<section id=\"services\">"), html.indexOf("</section>"));
        assertThat(services)
                .contains("<li class=\"service\" data-service=\"proxy\" data-healthy=\"true\"><span class=\"badge ok\">healthy</span> <b>proxy</b>")
                .contains("<li class=\"service\" data-service=\"dns\" data-healthy=\"false\"><span class=\"badge bad\">unhealthy</span> <b>dns</b> "
                        + "<span class=\"detail\">no upstream resolver answers</span>")
                .contains("data-service=\"ntp\" data-healthy=\"true\"");
        assertThat(services.indexOf("data-service=\"proxy\"")).isLessThan(services.indexOf("data-service=\"dns\""));
        assertThat(services.indexOf("data-service=\"dns\"")).isLessThan(services.indexOf("data-service=\"ntp\""));
    }

    @Test
    void headerNamesTheNodeAndSumsUpServers() {
        String html = page.render(ProxyStatsFixture.model(false));

        assertThat(html).contains("<title>edge-1 · edgeplane stats</title>")
                .contains("<span class=\"node\">edge-1</span>")
                .contains("version <b>0.1.0</b> · up <b>4d02h</b>")
                .contains("config <code>/etc/edgeplane/edgeplane.yaml</code> applied <time datetime=\"2025-03-01T11:56:48Z\">3m12s ago</time>")
                .contains("2 listeners · 2 pools · servers up <span id=\"servers-up\">2</span>/<span id=\"servers-total\">6</span>")
                .contains("<section id=\"proxy\">");
        assertThat(html.indexOf("<section id=\"proxy\">")).isLessThan(html.indexOf("<table class=\"listener\""));
    }

    @Test
    void withoutAProxyTheContractElementsStillRender() {
        StatsPageModel model = ProxyStatsFixture.model(false);
        StatsPageModel noProxy = new StatsPageModel(model.node(), model.version(), model.now(), model.uptime(),
                model.configSource(), model.configAppliedAt(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Duration.ZERO);

        String html = page.render(noProxy);

        assertThat(html).contains("<span id=\"servers-up\">0</span>/<span id=\"servers-total\">0</span>")
                .contains("<section id=\"proxy\">").contains("The proxy does not run on this node.")
                .contains("<section id=\"services\">").doesNotContain("<table");
    }

    @Test
    void refreshesItselfOnlyWhenAskedTo() {
        assertThat(page.render(ProxyStatsFixture.model(ProxyStatsFixture.proxy(), false, Duration.ofSeconds(5))))
                .contains("<meta http-equiv=\"refresh\" content=\"5\">").contains("refreshes every 5s");
        assertThat(page.render(ProxyStatsFixture.model(ProxyStatsFixture.proxy(), false, Duration.ofMillis(300))))
                .contains("<meta http-equiv=\"refresh\" content=\"1\">");
        assertThat(page.render(ProxyStatsFixture.model(ProxyStatsFixture.proxy(), false, Duration.ZERO)))
                .doesNotContain("http-equiv=\"refresh\"").doesNotContain("refreshes every");
    }

    @Test
    void escapesEveryNameFromConfig() {
        String hostile = "<script>alert('x')</script>";
        ServerStats server = new ServerStats("a\"b&c d/e", ServerState.UP, false, 1, 1, 0, 0, 0, 0,
                new Traffic(0, 0, StatusCounts.NONE, 0, 0, Latency.NONE), Optional.empty(),
                ProxyStatsFixture.NOW, List.of());
        PoolStats pool = new PoolStats(hostile, "<b>", 1, 0, 0, 0,
                new Traffic(0, 0, StatusCounts.NONE, 0, 0, Latency.NONE), List.of(server));
        ProxyStats proxy = new ProxyStats(ProxyStatsFixture.NOW, List.of(), List.of(pool));
        StatsPageModel base = ProxyStatsFixture.model(true);
        StatsPageModel model = new StatsPageModel("<img src=x onerror=alert(1)>", base.version(), base.now(),
                base.uptime(), "'/etc/x'", base.configAppliedAt(), Map.of("<i>svc</i>", io.edgeplane.core.lifecycle.Health.up("a & b")),
                Optional.of(proxy), Optional.empty(), Optional.empty(), true, Duration.ZERO);

        String html = page.render(model);

        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<i>svc")
                .doesNotContain("<b>\"<").doesNotContain("'/etc/x'")
                .contains("data-pool=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\" data-available=\"1\"")
                .contains("pool <b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</b> · &lt;b&gt;")
                .contains("data-server=\"a&quot;b&amp;c d/e\"")
                .contains("<span class=\"node\">&lt;img src=x onerror=alert(1)&gt;</span>")
                .contains("data-service=\"&lt;i&gt;svc&lt;/i&gt;\"").contains("a &amp; b")
                .contains("<code>&#39;/etc/x&#39;</code>")
                // path segments are percent-encoded, then the whole URL HTML-escaped
                .contains("action=\"/api/proxy/pools/%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E/servers/a%22b%26c%20d%2Fe?state=drain&amp;redirect=stats\"");
    }

    @Test
    void fetchesNothingFromAnywhere() {
        String html = page.render(ProxyStatsFixture.model(true));

        assertThat(html).startsWith("<!DOCTYPE html>\n").contains("<meta charset=\"utf-8\">")
                .doesNotContain("http://").doesNotContain("https://").doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase("<img")
                .doesNotContain("@import").doesNotContain("url(");
        Matcher references = Pattern.compile("\\b(src|href|action)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        List<String> targets = new ArrayList<>();
        while (references.find()) {
            targets.add(references.group(2));
        }
        // Forms post to the admin API; links lead to the same data in other forms, on the same listener.
        assertThat(targets).isNotEmpty().allSatisfy(target -> assertThat(target.startsWith("/api/")
                || List.of("stats.json", "stats;csv", "metrics").contains(target)).as(target).isTrue());
        assertThat(html).doesNotContain(" src=");
    }

    @Test
    void tagsAreBalanced() {
        String html = page.render(ProxyStatsFixture.model(true));

        for (String tag : List.of("table", "tr", "td", "th", "section", "details", "form", "ol", "ul", "li",
                "caption", "thead", "tbody", "tfoot", "div", "time", "span")) {
            assertThat(count(html, "<" + tag + ">") + count(html, "<" + tag + " "))
                    .as(tag).isEqualTo(count(html, "</" + tag + ">"));
        }
    }

    private static String table(String html, String marker) {
        int start = html.lastIndexOf("<table", html.indexOf(marker));
        return html.substring(start, html.indexOf("</table>", start));
    }

    private static String row(String html, String marker) {
        int start = html.lastIndexOf("<tr", html.indexOf(marker));
        return html.substring(start, html.indexOf("</tr>", start));
    }

    /** Every opening tag that starts with the prefix, up to its closing {@code >}. */
    private static List<String> tags(String html, String prefix) {
        List<String> tags = new ArrayList<>();
        for (int i = html.indexOf(prefix); i >= 0; i = html.indexOf(prefix, i + 1)) {
            tags.add(html.substring(i, html.indexOf('>', i) + 1));
        }
        return tags;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }

    private static List<String> backgrounds(String html) {
        Matcher matcher = Pattern.compile("tr\\.state-\\w+ td\\.state-cell \\{ background: (#[0-9a-f]+)").matcher(html);
        List<String> colours = new ArrayList<>();
        while (matcher.find()) {
            colours.add(matcher.group(1));
        }
        return colours;
    }

    @Test
    void theDnsPanelShowsWhatTheServerAnswered() {
        StatsPageModel base = ProxyStatsFixture.model(false);
        DnsStats dns = new DnsStats(List.of("127.0.0.1:53"), 204, 3, 1500,
                12.5, Map.of("noerror", 1400L, "nxdomain", 100L), Map.of("A", 1500L), 7, 2, 1, 4, 3,
                new Latency(0.02, 0.35), new DnsStats.Forwarding(true, 2, 0, 5, 1, 40, 300, 100,
                        List.of(new DnsStats.Upstream("127.0.0.1:5300", 100, 1, 2, 2, 0.8))));
        StatsPageModel model = new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), Optional.of(dns), Optional.empty(), false,
                Duration.ZERO);

        String html = page.render(model);

        assertThat(html).contains("<section id=\"dns\">").contains("<table class=\"dns\" data-queries=\"1500\">")
                .contains("127.0.0.1:53").contains(">204<").contains(">12.5<").contains(">1500<")
                .contains("data-rcode=\"noerror\">noerror 1400").contains("data-type=\"A\">A 1500")
                .contains("75.0% of 400 lookups hit").contains("data-upstream=\"127.0.0.1:5300\"");
        assertThat(page.render(base)).as("no DNS server, no panel").doesNotContain("id=\"dns\"");
    }
}
