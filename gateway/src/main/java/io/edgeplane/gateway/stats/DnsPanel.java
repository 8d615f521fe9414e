package io.edgeplane.gateway.stats;

import io.edgeplane.dns.stats.DnsStats;
import java.util.Map;

/**
 * The DNS server: where it listens, what it holds, and what it answered (dnsmasq shows nothing of the kind
 * without a SIGUSR1 and a log file to read).
 */
final class DnsPanel implements StatsPanel {

    @Override
    public void render(StatsPageModel model, Html html) {
        if (model.dns().isEmpty()) {
            // No DNS section, no panel: a node without the service shows nothing for it.
            return;
        }
        DnsStats dns = model.dns().get();
        html.raw("<section id=\"dns\">\n<h2>DNS</h2>\n")
                .raw("<table class=\"dns\"").attr("data-queries", Long.toString(dns.queries())).raw(">\n<thead><tr>")
                .raw("<th>Listening on</th><th>Local names</th><th>Runtime names</th><th>Queries/s</th><th>Queries</th>")
                .raw("<th>Refused clients</th><th>Dropped</th><th>Malformed</th><th>Truncated</th>")
                .raw(TrafficCells.LATENCY_HEADERS).raw("</tr></thead>\n<tbody><tr>")
                .raw("<td>").text(String.join(", ", dns.addresses())).raw(" <span class=\"muted\">udp+tcp</span></td>")
                .num(Integer.toString(dns.localNames()))
                .num(Integer.toString(dns.runtimeNames()))
                .num(Formats.rate(dns.queryRate()))
                .num(Long.toString(dns.queries()))
                .num(Long.toString(dns.refusedClients()))
                .num(Long.toString(dns.dropped()))
                .num(Long.toString(dns.malformed()))
                .num(Long.toString(dns.truncated()))
                .num(Formats.millis(dns.latency().p50Millis()))
                .num(Formats.millis(dns.latency().p99Millis()))
                .raw("</tr></tbody>\n</table>\n");
        counts(html, "By answer", "rcode", dns.byRcode());
        counts(html, "By question type", "type", dns.byType());
        html.raw("</section>\n");
    }

    private static void counts(Html html, String title, String kind, Map<String, Long> counts) {
        html.raw("<p class=\"dns-counts\"").attr("data-kind", kind).raw("><b>").text(title).raw(":</b> ");
        if (counts.isEmpty()) {
            html.raw("<span class=\"muted\">none yet</span>");
        }
        boolean first = true;
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            html.raw(first ? "" : " · ").raw("<span").attr("data-" + kind, count.getKey()).raw(">").text(count.getKey())
                    .raw(" ").text(Long.toString(count.getValue())).raw("</span>");
            first = false;
        }
        html.raw("</p>\n");
    }
}
