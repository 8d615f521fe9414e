package io.edgeplane.gateway.stats;

import java.util.List;
import java.util.Objects;

/**
 * The admin listener's stats page: one self-contained HTML5 document (style inlined, no script, nothing
 * fetched from elsewhere) with the node, its services and the proxy's listeners, routes, pools and
 * servers, in the spirit of HAProxy's stats page. It reloads itself when the model asks for it.
 *
 * <p>The markup is a contract the admin tests read: {@code table.listener[data-listener]},
 * {@code table.pool[data-pool][data-available][data-servers]},
 * {@code tr.server.state-*[data-pool][data-server][data-state]}, {@code tr.route[data-route]},
 * {@code section#services li.service[data-service][data-healthy]}, {@code section#proxy},
 * {@code #servers-up} and {@code #servers-total}; with DNS, {@code section#dns}; with NTP, {@code section#ntp}
 * with {@code p.ntp-tracking[data-synchronised]}, {@code p.ntp-server[data-served-stratum]} and
 * {@code tr.ntp-source[data-source][data-state]}; with VRRP, {@code section#vrrp} with
 * {@code tr.vrrp-instance[data-instance][data-state]}; with DHCP, {@code section#dhcp} with
 * {@code tr.dhcp-lease[data-address]}; with a firewall, {@code section#firewall} with
 * {@code p.firewall-ruleset[data-digest]}, {@code p.firewall-kernel[data-in-sync]}, {@code ul.firewall-drift},
 * {@code tr.firewall-chain[data-chain]} and {@code ul.firewall-warnings}.
 */
public final class StatsPage {

    private final List<StatsPanel> panels;

    /** A page with the header, the services, the proxy, DNS, NTP, VRRP, DHCP and the firewall, in that order. */
    public StatsPage() {
        this(List.of(new ProcessPanel(), new ServicesPanel(), new ProxyPanel(), new DnsPanel(),
                new NtpPanel(), new VrrpPanel(), new DhcpPanel(), new FirewallPanel()));
    }

    StatsPage(List<StatsPanel> panels) {
        this.panels = List.copyOf(Objects.requireNonNull(panels, "panels"));
    }

    /** Renders the page for the model. */
    public String render(StatsPageModel model) {
        Objects.requireNonNull(model, "model");
        Html html = new Html();
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (model.refresh().isPositive()) {
            // Whole seconds, at least one: a sub-second period would reload the page as fast as it loads.
            long seconds = Math.max(1, model.refresh().toSeconds());
            html.raw("<meta http-equiv=\"refresh\"").attr("content", Long.toString(seconds)).raw(">\n");
        }
        html.raw("<title>").text(model.node() + " · edgeplane stats").raw("</title>\n")
                .raw("<style>\n").raw(PageStyle.CSS).raw("</style>\n</head>\n<body>\n");
        for (StatsPanel panel : panels) {
            panel.render(model, html);
        }
        html.raw("</body>\n</html>\n");
        return html.toString();
    }
}
