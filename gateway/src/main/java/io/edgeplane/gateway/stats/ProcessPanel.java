package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;
import java.util.List;

/**
 * The page's header: which node, which version, how long it has run, which config it runs since when, and
 * one summary line an operator reads first (listeners, pools, servers up out of all).
 */
final class ProcessPanel implements StatsPanel {

    @Override
    public void render(StatsPageModel model, Html html) {
        html.raw("<header id=\"process\">\n<h1>edgeplane <span class=\"node\">").text(model.node())
                .raw("</span></h1>\n<p class=\"facts\">version <b>").text(model.version())
                .raw("</b> · up <b>").text(Formats.age(model.uptime()))
                .raw("</b> · config <code>").text(model.configSource()).raw("</code> applied ")
                .raw("<time").attr("datetime", Formats.instant(model.configAppliedAt())).raw(">")
                .text(Formats.ago(model.configAppliedAt(), model.now())).raw("</time>")
                .raw(" · taken <time").attr("datetime", Formats.instant(model.now())).raw(">")
                .text(Formats.instant(model.now())).raw("</time>");
        if (model.refresh().isPositive()) {
            html.raw(" · refreshes every ").text(Formats.age(model.refresh()));
        }
        // The same data for scripts: relative links, so they work behind whatever address the page was reached at.
        html.raw(" · <a href=\"stats.json\">JSON</a> · <a href=\"stats;csv\">CSV</a> · <a href=\"metrics\">metrics</a>");
        html.raw("</p>\n");
        summary(model, html);
        html.raw("</header>\n");
    }

    private static void summary(StatsPageModel model, Html html) {
        List<PoolStats> pools = model.proxy().map(ProxyStats::pools).orElse(List.of());
        int listeners = model.proxy().map(proxy -> proxy.listeners().size()).orElse(0);
        // The pools' own count of servers taking requests, so the header agrees with each pool's table.
        int up = pools.stream().mapToInt(PoolStats::available).sum();
        int total = pools.stream().mapToInt(pool -> pool.servers().size()).sum();
        html.raw("<p class=\"summary")
                .raw(up < total ? " degraded" : "")
                .raw("\">").text(plural(listeners, "listener")).raw(" · ").text(plural(pools.size(), "pool"))
                .raw(" · servers up <span id=\"servers-up\">").text(Integer.toString(up))
                .raw("</span>/<span id=\"servers-total\">").text(Integer.toString(total)).raw("</span>");
        if (model.proxy().isEmpty()) {
            html.raw(" · <span class=\"muted\">no proxy runs</span>");
        }
        html.raw("</p>\n");
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
