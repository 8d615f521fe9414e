package io.edgeplane.gateway.stats;

import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.server.DhcpStatus;
import java.time.Duration;
import java.util.List;

/**
 * The DHCP server: the interface and address it serves as, how full the pool is, and every lease (address, MAC,
 * host name, time left), which dnsmasq only shows in its lease file.
 */
final class DhcpPanel implements StatsPanel {

    /** More leases than this are counted, not listed: the page must stay light on a big network. */
    static final int MAX_ROWS = 1000;

    @Override
    public void render(StatsPageModel model, Html html) {
        if (model.dhcp().isEmpty()) {
            return;
        }
        DhcpStatus status = model.dhcp().get();
        html.raw("<section id=\"dhcp\">\n<h2>DHCP</h2>\n<p>")
                .text("serving " + status.interfaceName() + " as " + status.serverAddress().getHostAddress() + "; "
                        + status.leases().size() + (status.leases().size() == 1 ? " lease, " : " leases, ")
                        + status.poolFree() + " of " + status.poolSize()
                        + " range addresses free")
                .raw("</p>\n");
        if (status.leases().isEmpty()) {
            html.raw("<p class=\"muted\">no lease held</p>\n</section>\n");
            return;
        }
        html.raw("<div class=\"scroll\"><table class=\"dhcp-leases\">\n<thead><tr><th>Address</th><th>MAC</th>")
                .raw("<th>Host name</th><th>Client id</th><th>Expires in</th></tr></thead>\n<tbody>\n");
        List<Lease> leases = status.leases();
        for (Lease lease : leases.subList(0, Math.min(MAX_ROWS, leases.size()))) {
            html.raw("<tr class=\"dhcp-lease\"").attr("data-address", lease.address().getHostAddress()).raw(">")
                    .cell(lease.address().getHostAddress())
                    // Empty when the client sent hlen 0 and named itself by its client identifier alone.
                    .cell(lease.hardwareAddress().length() == 0 ? "-" : lease.hardwareAddress().toString())
                    .cell(lease.hostName().orElse("-"))
                    .cell(lease.clientId().map(Object::toString).orElse("-"))
                    // A lease ends at its expiry instant (Lease.expiredAt): at 0s left it is over, not "0s".
                    .num(lease.expiredAt(model.now()) ? "expired"
                            : Formats.age(Duration.between(model.now(), lease.expires())))
                    .raw("</tr>\n");
        }
        html.raw("</tbody>\n</table></div>\n");
        if (leases.size() > MAX_ROWS) {
            html.raw("<p class=\"muted\">").text("and " + (leases.size() - MAX_ROWS) + " more; all of them at "
                    + "/api/dhcp/leases").raw("</p>\n");
        }
        html.raw("</section>\n");
    }
}
