package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.ListenerStats;
import io.edgeplane.proxy.stats.RouteStats;

/** One listener's table: a summary row with its connections and traffic, then one row per route. */
final class ListenerTable {

    private static final int COLUMNS = 17;

    private ListenerTable() {
    }

    static void render(ListenerStats listener, Html html) {
        html.raw("<div class=\"scroll\"><table class=\"listener\"").attr("data-listener", listener.name())
                .raw(">\n<caption>listener <b>").text(listener.name()).raw("</b>")
                .raw(listener.tls() ? " · TLS" : "").raw("</caption>\n")
                .raw("<thead><tr><th>Name</th><th>Address / action</th><th>TLS</th>")
                .raw("<th title=\"open now / most at once\">Conns</th><th>Limit</th>")
                .raw(TrafficCells.RATE_HEADERS).raw(TrafficCells.STATUS_HEADERS)
                .raw(TrafficCells.BYTES_HEADERS).raw(TrafficCells.LATENCY_HEADERS).raw("</tr></thead>\n<tbody>\n");
        summary(listener, html);
        for (RouteStats route : listener.routes()) {
            route(route, html);
        }
        if (listener.routes().isEmpty()) {
            html.raw("<tr><td class=\"muted\"").attr("colspan", Integer.toString(COLUMNS))
                    .raw(">no routes</td></tr>\n");
        }
        html.raw("</tbody>\n</table></div>\n");
    }

    private static void summary(ListenerStats listener, Html html) {
        html.raw("<tr class=\"listener-summary\"><th scope=\"row\">").text(listener.name()).raw("</th>")
                .cell(String.join(", ", listener.addresses()))
                .cell(listener.tls() ? "yes" : "no")
                .num(listener.connections() + " / " + listener.maxConnections());
        if (listener.connectionLimit() > 0 && listener.connections() >= listener.connectionLimit()) {
            // At its limit the listener turns clients away: worth the colour.
            html.raw("<td class=\"n warn\">").text(Integer.toString(listener.connectionLimit())).raw("</td>");
        } else {
            html.num(listener.connectionLimit() > 0 ? Integer.toString(listener.connectionLimit()) : "none");
        }
        TrafficCells.rates(html, listener.traffic());
        TrafficCells.statuses(html, listener.traffic().statuses());
        TrafficCells.bytes(html, listener.traffic());
        TrafficCells.latency(html, listener.traffic().latency());
        html.raw("</tr>\n");
    }

    private static void route(RouteStats route, Html html) {
        html.raw("<tr class=\"route\"").attr("data-route", route.name()).raw("><th scope=\"row\">")
                .text(route.name()).raw("</th>")
                .cell(route.action())
                .raw("<td></td><td></td><td></td>");
        TrafficCells.rates(html, route.traffic());
        TrafficCells.statuses(html, route.traffic().statuses());
        TrafficCells.bytes(html, route.traffic());
        TrafficCells.latency(html, route.traffic().latency());
        html.raw("</tr>\n");
    }
}
