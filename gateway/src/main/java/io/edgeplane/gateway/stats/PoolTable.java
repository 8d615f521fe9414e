package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.PoolStats;
import io.edgeplane.proxy.stats.ServerStats;
import java.time.Instant;

/**
 * One pool's table: a row per server (HAProxy's server lines), then the pool's totals (its BACKEND line).
 */
final class PoolTable {

    private PoolTable() {
    }

    static void render(PoolStats pool, Instant now, boolean canWrite, Html html) {
        String available = Integer.toString(pool.available());
        String servers = Integer.toString(pool.servers().size());
        html.raw("<div class=\"scroll\"><table class=\"pool\"")
                .attr("data-pool", pool.name()).attr("data-available", available).attr("data-servers", servers)
                .raw(">\n<caption>pool <b>").text(pool.name()).raw("</b> · ").text(pool.balance())
                .raw(" · ").text(available + "/" + servers).raw(" servers available · ")
                .text(Long.toString(pool.retries())).raw(pool.retries() == 1 ? " retry" : " retries")
                .raw("</caption>\n<thead><tr><th>Server</th><th>State</th><th>Backup</th>")
                .raw("<th title=\"now/configured when they differ\">Weight</th>")
                .raw("<th title=\"requests served now / most at once\">Active</th>")
                .raw(TrafficCells.RATE_HEADERS).raw(TrafficCells.STATUS_HEADERS)
                .raw("<th>Failures</th><th>Ejections</th>")
                .raw(TrafficCells.BYTES_HEADERS).raw(TrafficCells.LATENCY_HEADERS)
                .raw("<th>Last check</th><th>Last change</th>")
                .raw(canWrite ? "<th>Actions</th>" : "").raw("</tr></thead>\n<tbody>\n");
        for (ServerStats server : pool.servers()) {
            ServerRow.render(pool.name(), server, now, canWrite, html);
        }
        html.raw("</tbody>\n<tfoot>\n");
        totals(pool, canWrite, html);
        html.raw("</tfoot>\n</table></div>\n");
    }

    private static void totals(PoolStats pool, boolean canWrite, Html html) {
        long failures = pool.servers().stream().mapToLong(ServerStats::failures).sum();
        long ejections = pool.servers().stream().mapToLong(ServerStats::ejections).sum();
        html.raw("<tr class=\"pool-summary\"><th scope=\"row\">Total</th>")
                .raw(pool.available() == 0 ? "<td class=\"state-cell none-available\">" : "<td class=\"state-cell\">")
                .text(pool.available() + "/" + pool.servers().size() + " available").raw("</td>")
                .cell(pool.retries() + (pool.retries() == 1 ? " retry" : " retries"))
                .raw("<td></td>")
                .num(pool.active() + " / " + pool.maxActive());
        TrafficCells.rates(html, pool.traffic());
        TrafficCells.statuses(html, pool.traffic().statuses());
        TrafficCells.flagged(html, failures);
        TrafficCells.flagged(html, ejections);
        TrafficCells.bytes(html, pool.traffic());
        TrafficCells.latency(html, pool.traffic().latency());
        html.raw("<td></td><td></td>").raw(canWrite ? "<td></td>" : "").raw("</tr>\n");
    }
}
