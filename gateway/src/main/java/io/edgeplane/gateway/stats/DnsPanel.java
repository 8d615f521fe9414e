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
        forwarding(html, dns);
        html.raw("</section>\n");
    }

    private static void forwarding(Html html, DnsStats dns) {
        DnsStats.Forwarding forwarding = dns.forwarding();
        if (!forwarding.enabled()) {
            html.raw("<p class=\"muted\">No upstream servers: names without local data are refused.</p>\n");
            return;
        }
        long lookups = forwarding.cacheHits() + forwarding.cacheMisses();
        html.raw("<p class=\"dns-cache\"><b>Cache:</b> ").text(Long.toString(forwarding.cacheEntries())).raw(" answers · ")
                .text(lookups == 0 ? "no lookups yet"
                        : Formats.rate(100.0 * forwarding.cacheHits() / lookups) + "% of " + lookups + " lookups hit")
                .raw(" · in flight ").text(Integer.toString(forwarding.inFlight()))
                .raw(" · merged ").text(Long.toString(forwarding.merged()))
                .raw(" · refused at the in-flight cap ").text(Long.toString(forwarding.overloaded()))
                .raw(" · spoofed replies dropped ").text(Long.toString(forwarding.spoofedReplies()))
                .raw(" · rate-limited answers ").text(Long.toString(dns.rateLimited())).raw("</p>\n");
        html.raw("<table class=\"dns-upstreams\">\n<thead><tr><th>Upstream</th><th>Queries</th><th>Failures</th>")
                .raw("<th>Timeouts</th><th>Pending</th><th>RTT</th></tr></thead>\n<tbody>\n");
        for (DnsStats.Upstream upstream : forwarding.upstreams()) {
            html.raw("<tr").attr("data-upstream", upstream.address()).raw("><td>").text(upstream.address()).raw("</td>")
                    .num(Long.toString(upstream.queries()))
                    .num(Long.toString(upstream.failures()))
                    .num(Long.toString(upstream.timeouts()))
                    .num(Long.toString(upstream.pending()))
                    .num(Formats.millis(upstream.rttMillis()))
                    .raw("</tr>\n");
        }
        html.raw("</tbody>\n</table>\n");
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
