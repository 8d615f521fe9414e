package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;

/**
 * The buttons of a server row for a viewer who may change servers: each a plain form posting to the admin
 * API, so they work without script and the API answers with a redirect back to the page.
 *
 * <p>Only buttons that change something show: no "drain" on a draining server, no "maint" on one in
 * maintenance, and "ready" only where an operator's drain or maintenance is there to undo (a DOWN or
 * EJECTED server comes back by its checks, not by a button).
 */
final class ServerActions {

    private ServerActions() {
    }

    static void render(String pool, ServerStats server, Html html) {
        ServerState state = server.state();
        if (state == ServerState.DRAIN || state == ServerState.MAINT) {
            form(pool, server, "ready", "ready", "take new requests again", html);
        }
        if (state != ServerState.DRAIN) {
            form(pool, server, "drain", "drain", "no new requests; open ones finish", html);
        }
        if (state != ServerState.MAINT) {
            form(pool, server, "maint", "maint", "out of service: no requests, no health checks", html);
        }
    }

    private static void form(String pool, ServerStats server, String state, String label, String title,
                             Html html) {
        String action = "/api/proxy/pools/" + PathSegment.encode(pool) + "/servers/"
                + PathSegment.encode(server.name()) + "?state=" + state + "&redirect=stats";
        html.raw("<form method=\"post\"").attr("action", action).raw("><button type=\"submit\"")
                .attr("class", "action-" + state).attr("title", title).raw(">").text(label)
                .raw("</button></form>");
    }
}
