package io.edgeplane.gateway.stats;

import io.edgeplane.vrrp.server.InstanceStatus;
import java.util.List;

/**
 * The VRRP service: each instance's state, priority and the master it hears, its virtual addresses and what
 * keeps it in FAULT, in one table; what keepalived only tells through its logs and a {@code SIGUSR1} dump.
 */
final class VrrpPanel implements StatsPanel {

    @Override
    public void render(StatsPageModel model, Html html) {
        if (model.vrrp().isEmpty()) {
            return;
        }
        List<InstanceStatus> instances = model.vrrp().get();
        html.raw("<section id=\"vrrp\">\n<h2>VRRP</h2>\n");
        if (instances.isEmpty()) {
            html.raw("<p class=\"muted\">no instance running</p>\n</section>\n");
            return;
        }
        html.raw("<div class=\"scroll\"><table class=\"vrrp-instances\">\n<thead><tr><th>Instance</th><th>Interface</th>")
                .raw("<th>VRID</th><th>Version</th><th>State</th>")
                .raw("<th title=\"effective (configured plus tracking weights) / configured\">Priority</th>")
                .raw("<th title=\"the master this backup hears\">Master</th><th>Virtual addresses</th><th>Faults</th>")
                .raw("<th>Adverts sent</th><th>Adverts received</th></tr></thead>\n<tbody>\n");
        for (InstanceStatus instance : instances) {
            html.raw("<tr class=\"vrrp-instance\"").attr("data-instance", instance.name())
                    .attr("data-state", instance.state()).raw(">")
                    .cell(instance.name())
                    .cell(instance.interfaceName() + " (" + instance.primaryAddress() + ")")
                    .num(Integer.toString(instance.vrid()))
                    .num(Integer.toString(instance.version()))
                    .raw("<td>").raw(badge(instance.state())).raw("</td>")
                    .num(instance.priority() + " / " + instance.basePriority())
                    .cell(instance.master().orElse(instance.state().equals("master") ? "this node" : "-"))
                    .cell(String.join(", ", instance.virtualAddresses()))
                    .raw(instance.faults().isEmpty() ? "<td>" : "<td class=\"warn\">")
                    .text(String.join(", ", instance.faults())).raw("</td>")
                    .num(Long.toString(instance.advertsSent()))
                    .num(Long.toString(instance.advertsReceived()))
                    .raw("</tr>\n");
        }
        html.raw("</tbody>\n</table></div>\n</section>\n");
    }

    private static String badge(String state) {
        return switch (state) {
            case "master", "backup" -> "<span class=\"badge ok\">" + state + "</span>";
            case "fault" -> "<span class=\"badge bad\">fault</span>";
            default -> "<span class=\"badge\">" + state + "</span>";
        };
    }
}
