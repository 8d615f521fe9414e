package io.edgeplane.gateway.stats;

import io.edgeplane.firewall.service.FirewallStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * The firewall: the ruleset in force in table {@code inet edgeplane} (its digest, rules, when it was applied), whether
 * the kernel's table still is that ruleset at the last reading or how it differs (an {@code nft flush ruleset}, an
 * edit by hand), the packets each chain denied, and the config's warnings: what {@code ufw status verbose} and
 * {@code iptables -L -n -v} show, with what neither knows, whether the rules are still the ones meant.
 */
final class FirewallPanel implements StatsPanel {

    @Override
    public void render(StatsPageModel model, Html html) {
        if (model.firewall().isEmpty()) {
            return;
        }
        FirewallStatus status = model.firewall().get();
        html.raw("<section id=\"firewall\">\n<h2>Firewall</h2>\n");
        html.raw("<p class=\"firewall-ruleset\"").attr("data-digest", status.digest()).raw("><b>Ruleset:</b> <code>")
                .text(status.digest()).raw("</code> in table inet edgeplane · ")
                .text(status.rules() + (status.rules() == 1 ? " rule" : " rules"))
                .raw(" · applied <span").attr("title", Formats.instant(status.appliedAt())).raw(">")
                .text(Formats.ago(status.appliedAt(), model.now())).raw("</span>")
                .raw(" · <span title=\"what happens to the table when edgeplane stops\">on_stop: ")
                .text(status.onStop()).raw("</span></p>\n");
        kernel(html, status, model);
        denied(html, status.denied());
        if (!status.warnings().isEmpty()) {
            html.raw("<p><b>Warnings:</b></p>\n<ul class=\"firewall-warnings\">\n");
            for (String warning : status.warnings()) {
                html.raw("<li>").text(warning).raw("</li>\n");
            }
            html.raw("</ul>\n");
        }
        html.raw("</section>\n");
    }

    /** The last reading of the kernel's table: in sync, or each way it differs, which an operator must act on. */
    private static void kernel(Html html, FirewallStatus status, StatsPageModel model) {
        html.raw("<p class=\"firewall-kernel\"").attr("data-in-sync", Boolean.toString(status.inSync()))
                .raw("><b>Kernel:</b> ");
        html.raw(status.inSync() ? "<span class=\"badge ok\">in sync</span>"
                : "<span class=\"badge bad\">drift</span> <span class=\"problem\">the kernel's table is not the "
                + "ruleset applied; a reload puts it back</span>");
        if (status.checkedAt().isEmpty()) {
            html.raw(" · <span class=\"muted\">not checked yet</span>");
        } else {
            html.raw(" · last check <span").attr("title", Formats.instant(status.checkedAt().get())).raw(">")
                    .text(Formats.ago(status.checkedAt().get(), model.now())).raw("</span>");
        }
        html.raw("</p>\n");
        if (!status.drift().isEmpty()) {
            html.raw("<ul class=\"firewall-drift\">\n");
            for (String line : status.drift()) {
                html.raw("<li>").text(line).raw("</li>\n");
            }
            html.raw("</ul>\n");
        }
    }

    /** Packets each chain's deny rules dropped or rejected, as the kernel counted them at the last check. */
    private static void denied(Html html, Map<String, Long> denied) {
        if (denied.isEmpty()) {
            html.raw("<p class=\"muted\">no denied packets counted yet</p>\n");
            return;
        }
        html.raw("<table class=\"firewall-denied\">\n<thead><tr><th>Chain</th>")
                .raw("<th title=\"dropped or rejected by the chain's deny rules, rate excess and policy, since the "
                        + "table was applied\">Denied packets</th></tr></thead>\n<tbody>\n");
        // Sorted: the status holds them in no particular order, and the page should not shuffle between reloads.
        for (Map.Entry<String, Long> chain : new TreeMap<>(denied).entrySet()) {
            html.raw("<tr class=\"firewall-chain\"").attr("data-chain", chain.getKey()).raw(">")
                    .cell(chain.getKey())
                    .num(Long.toString(chain.getValue()))
                    .raw("</tr>\n");
        }
        html.raw("</tbody>\n</table>\n");
    }
}
