package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.CheckResult;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StateChange;
import java.time.Instant;
import java.util.Locale;

/**
 * One server's row of a pool table: its state in a coloured cell (the state's name always written too, for
 * those who cannot tell the colours apart), its counters, its last check, its last state changes and, for
 * a viewer who may, the buttons that drain it, take it out of service or put it back.
 */
final class ServerRow {

    private ServerRow() {
    }

    static void render(String pool, ServerStats server, Instant now, boolean canWrite, Html html) {
        String state = server.state().name();
        html.raw("<tr class=\"server state-").raw(state.toLowerCase(Locale.ROOT)).raw("\"")
                .attr("data-pool", pool).attr("data-server", server.name()).attr("data-state", state)
                .raw("><th scope=\"row\">").text(server.name()).raw("</th>")
                .raw("<td class=\"state-cell\">").text(state).raw("</td>")
                .cell(server.backup() ? "backup" : "")
                .num(server.weight() == server.configuredWeight() ? Integer.toString(server.weight())
                        : server.weight() + "/" + server.configuredWeight())
                .num(server.active() + " / " + server.maxActive());
        TrafficCells.rates(html, server.traffic());
        TrafficCells.statuses(html, server.traffic().statuses());
        TrafficCells.flagged(html, server.failures());
        TrafficCells.flagged(html, server.ejections());
        TrafficCells.bytes(html, server.traffic());
        TrafficCells.latency(html, server.traffic().latency());
        lastCheck(server, now, html);
        lastChange(server, now, html);
        if (canWrite) {
            html.raw("<td class=\"actions\">");
            ServerActions.render(pool, server, html);
            html.raw("</td>");
        }
        html.raw("</tr>\n");
    }

    private static void lastCheck(ServerStats server, Instant now, Html html) {
        if (server.check().isEmpty()) {
            html.raw("<td class=\"check muted\">no checks</td>");
            return;
        }
        CheckResult check = server.check().get();
        html.raw(check.passed() ? "<td class=\"check check-passed\">passed" : "<td class=\"check check-failed\">failed")
                .raw(" · ").text(check.detail())
                .raw(" · <time").attr("datetime", Formats.instant(check.at()))
                .attr("title", "took " + check.durationMillis() + " ms").raw(">")
                .text(Formats.ago(check.at(), now)).raw("</time></td>");
    }

    /** The age of the last change, and the recorded changes behind a disclosure that works without script. */
    private static void lastChange(ServerStats server, Instant now, Html html) {
        html.raw("<td class=\"change\">");
        String ago = Formats.ago(server.lastChange(), now);
        if (server.history().isEmpty()) {
            html.raw("<time").attr("datetime", Formats.instant(server.lastChange())).raw(">").text(ago)
                    .raw("</time>");
        } else {
            html.raw("<details class=\"history\"><summary><time")
                    .attr("datetime", Formats.instant(server.lastChange())).raw(">").text(ago)
                    .raw("</time></summary>\n<ol>\n");
            // Newest first: the change an operator asks about is usually the last one.
            for (StateChange change : server.history().reversed()) {
                html.raw("<li><time").attr("datetime", Formats.instant(change.at())).raw(">")
                        .text(Formats.instant(change.at())).raw("</time> ")
                        .text(change.from().name()).raw(" → ").text(change.to().name())
                        .raw(": ").text(change.reason()).raw("</li>\n");
            }
            html.raw("</ol></details>");
        }
        html.raw("</td>");
    }
}
