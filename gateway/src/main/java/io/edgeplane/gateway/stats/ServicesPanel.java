package io.edgeplane.gateway.stats;

import io.edgeplane.core.lifecycle.Health;
import java.util.Map;

/** Each service with a healthy or unhealthy badge and what its health says. */
final class ServicesPanel implements StatsPanel {

    @Override
    public void render(StatsPageModel model, Html html) {
        html.raw("<section id=\"services\">\n<h2>Services</h2>\n");
        if (model.services().isEmpty()) {
            html.raw("<p class=\"muted\">No services run.</p>\n");
        } else {
            html.raw("<ul class=\"services\">\n");
            for (Map.Entry<String, Health> service : model.services().entrySet()) {
                boolean healthy = service.getValue().healthy();
                html.raw("<li class=\"service\"").attr("data-service", service.getKey())
                        .attr("data-healthy", Boolean.toString(healthy)).raw(">")
                        .raw(healthy ? "<span class=\"badge ok\">healthy</span> "
                                : "<span class=\"badge bad\">unhealthy</span> ")
                        .raw("<b>").text(service.getKey()).raw("</b> ")
                        .raw("<span class=\"detail\">").text(service.getValue().detail()).raw("</span></li>\n");
            }
            html.raw("</ul>\n");
        }
        html.raw("</section>\n");
    }
}
