package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.ListenerStats;
import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ProxyStats;

/** The proxy: a table per listener (HAProxy's frontends), then a table per pool (its backends). */
final class ProxyPanel implements StatsPanel {

    @Override
    public void render(StatsPageModel model, Html html) {
        html.raw("<section id=\"proxy\">\n<h2>Proxy</h2>\n");
        if (model.proxy().isEmpty()) {
            html.raw("<p class=\"muted\">The proxy does not run on this node.</p>\n</section>\n");
            return;
        }
        ProxyStats proxy = model.proxy().get();
        html.raw("<h3>Listeners</h3>\n");
        if (proxy.listeners().isEmpty()) {
            html.raw("<p class=\"muted\">No listeners.</p>\n");
        }
        for (ListenerStats listener : proxy.listeners()) {
            ListenerTable.render(listener, html);
        }
        html.raw("<h3>Pools</h3>\n");
        if (proxy.pools().isEmpty()) {
            html.raw("<p class=\"muted\">No pools.</p>\n");
        }
        for (PoolStats pool : proxy.pools()) {
            PoolTable.render(pool, model.now(), model.canWrite(), html);
        }
        html.raw("</section>\n");
    }
}
