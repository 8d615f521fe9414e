package io.edgeplane.gateway.stats;

import io.edgeplane.ntp.stats.NtpStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NTP service: how well this node keeps time ({@code chronyc tracking}), what it serves and to whom
 * ({@code chronyc serverstats}) and each source it polls ({@code chronyc sources}), in one place rather than
 * three commands run on the node.
 */
final class NtpPanel implements StatsPanel {

    /** The state of the source the clock follows; its row stands out. */
    private static final String SYSTEM_PEER = "system peer";

    @Override
    public void render(StatsPageModel model, Html html) {
        if (model.ntp().isEmpty()) {
            // No NTP section, no panel: a node without the service shows nothing for it.
            return;
        }
        NtpStats ntp = model.ntp().get();
        html.raw("<section id=\"ntp\">\n<h2>NTP</h2>\n");
        tracking(html, ntp);
        server(html, ntp);
        sources(html, ntp.sources());
        html.raw("</section>\n");
    }

    /** {@code chronyc tracking} on one line. */
    private static void tracking(Html html, NtpStats ntp) {
        NtpStats.Tracking tracking = ntp.tracking();
        html.raw("<p class=\"ntp-tracking\"").attr("data-synchronised", Boolean.toString(tracking.synchronised()))
                .raw("><b>Tracking:</b> ");
        if (ntp.sources().isEmpty() && !tracking.synchronised()) {
            // A server of its own clock (local_stratum): nothing to synchronise to, nothing to measure.
            html.raw("<span class=\"muted\">no servers or pools to synchronise to</span></p>\n");
            return;
        }
        html.raw(tracking.synchronised() ? "<span class=\"badge ok\">synchronised</span>"
                : "<span class=\"badge bad\">unsynchronised</span>");
        if (tracking.systemPeer().isEmpty()) {
            html.raw(" <span class=\"muted\">no system peer</span>");
        } else {
            html.raw(" to <b class=\"ntp-peer\">").text(tracking.systemPeer()).raw("</b>");
        }
        html.raw(" · stratum ").text(Integer.toString(tracking.stratum()))
                .raw(" · <span title=\"the last combined offset: true time minus ours\">offset ")
                .text(Formats.offset(tracking.offsetMicros())).raw("</span>")
                .raw(" · jitter ").text(Formats.micros(tracking.jitterMicros()))
                .raw(" · <span title=\"how fast the system clock gains, as chrony's drift file says it\">frequency ")
                .text(Formats.ppm(tracking.frequencyPpm())).raw("</span>")
                .raw(" · <span title=\"edgeplane's time minus the system clock's now\">correction ")
                .text(Formats.offset(tracking.correctionMicros())).raw("</span>")
                .raw(" · <span class=\"ntp-system-clock\" title=\"discipline: none leaves the system clock untouched; "
                        + "system steers it\">system clock ").text(tracking.systemClock()).raw("</span>")
                .raw(" · ").text(tracking.steps() + (tracking.steps() == 1 ? " step" : " steps"))
                .raw("</p>\n");
    }

    /** {@code chronyc serverstats}: where it listens, the stratum it gives clients, what it answered. */
    private static void server(Html html, NtpStats ntp) {
        html.raw("<p class=\"ntp-server\"").attr("data-served-stratum", Integer.toString(ntp.servedStratum()))
                .raw("><b>Server:</b> ");
        if (ntp.addresses().isEmpty()) {
            html.raw("<span class=\"muted\">client only: serves no one</span></p>\n");
            return;
        }
        html.text(String.join(", ", ntp.addresses())).raw(" <span class=\"muted\">udp</span> · ");
        if (ntp.servedStratum() == 0) {
            html.raw("serves <span class=\"muted\">unsynchronised time (clients ignore it)</span>");
        } else {
            html.raw("serves stratum ").text(Integer.toString(ntp.servedStratum()));
        }
        html.raw("</p>\n");
        counts(html, "Replies", "reply", ntp.replies());
        counts(html, "Dropped", "dropped", ntp.dropped());
    }

    /** {@code chronyc sources}: one row per source, the system peer's highlighted. */
    private static void sources(Html html, List<NtpStats.Source> sources) {
        if (sources.isEmpty()) {
            return;
        }
        html.raw("<table class=\"ntp-sources\">\n<thead><tr><th>Source</th><th>State</th><th>Stratum</th>")
                .raw("<th title=\"the interval between requests\">Poll</th>")
                .raw("<th title=\"the last 8 polls, in octal as chronyc writes it: 377 = all 8 answered\">Reach</th>")
                .raw("<th title=\"the source's time minus ours\">Offset</th><th>Delay</th><th>Jitter</th></tr></thead>\n")
                .raw("<tbody>\n");
        for (NtpStats.Source source : sources) {
            boolean peer = source.state().equals(SYSTEM_PEER);
            // Stratum 0: no reply yet, so no measures either.
            boolean answered = source.stratum() != 0;
            html.raw("<tr class=\"ntp-source").raw(peer ? " system-peer" : "").raw("\"")
                    .attr("data-source", source.address()).attr("data-state", source.state()).raw("><td>")
                    .text(source.address());
            if (!sameAs(source.address(), source.configuredAs())) {
                html.raw(" <span class=\"muted\">").text(source.configuredAs()).raw("</span>");
            }
            html.raw("</td><td class=\"ntp-state").raw(bad(source.state()) ? " warn" : "").raw("\">")
                    .text(source.state()).raw("</td>")
                    .num(answered ? Integer.toString(source.stratum()) : "-")
                    .raw("<td class=\"n\"").attr("title", "poll " + source.poll()).raw(">")
                    .text(Formats.poll(source.poll())).raw("</td>")
                    .num(Integer.toOctalString(source.reach()))
                    .num(answered ? Formats.offset(source.offsetMicros()) : "-")
                    .num(answered ? Formats.micros(source.delayMicros()) : "-")
                    .num(answered ? Formats.micros(source.jitterMicros()) : "-")
                    .raw("</tr>\n");
        }
        html.raw("</tbody>\n</table>\n");
    }

    /** A state that keeps the source out of the time: a falseticker, a source refusing us, one not usable. */
    private static boolean bad(String state) {
        return state.equals("falseticker") || state.equals("unusable") || state.startsWith("refused");
    }

    /**
     * Whether the config named the source as its address already ({@code 10.0.0.53} or
     * {@code [2001:db8::1]:123} for {@code 10.0.0.53:123} or {@code 2001:db8::1:123}): then the name adds nothing.
     */
    private static boolean sameAs(String address, String configuredAs) {
        String configured = configuredAs.replace("[", "").replace("]", "");
        return configured.isEmpty() || configured.equals(address) || (configured + ":123").equals(address);
    }

    private static void counts(Html html, String title, String kind, Map<String, Long> counts) {
        html.raw("<p class=\"ntp-counts\"").attr("data-kind", kind).raw("><b>").text(title).raw(":</b> ");
        if (counts.isEmpty()) {
            html.raw("<span class=\"muted\">none yet</span>");
        }
        boolean first = true;
        // Sorted: the stats hold them in no particular order, and the page should not shuffle between reloads.
        for (Map.Entry<String, Long> count : new TreeMap<>(counts).entrySet()) {
            html.raw(first ? "" : " · ").raw("<span").attr("data-" + kind, count.getKey()).raw(">").text(count.getKey())
                    .raw(" ").text(Long.toString(count.getValue())).raw("</span>");
            first = false;
        }
        html.raw("</p>\n");
    }
}
