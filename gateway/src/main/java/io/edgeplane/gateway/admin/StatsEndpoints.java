package io.edgeplane.gateway.admin;

import io.edgeplane.dns.server.DnsService;
import io.edgeplane.firewall.service.FirewallService;
import io.edgeplane.gateway.runtime.GatewayControl;
import io.edgeplane.gateway.runtime.Snapshot;
import io.edgeplane.gateway.stats.HaproxyCsv;
import io.edgeplane.gateway.stats.StatsPage;
import io.edgeplane.gateway.stats.StatsPageModel;
import io.edgeplane.ntp.server.NtpService;
import io.edgeplane.vrrp.server.VrrpService;
import io.edgeplane.dhcp.server.DhcpService;
import io.edgeplane.proxy.server.ProxyControl;
import io.edgeplane.proxy.stats.ProxyStats;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stats page and its machine forms: {@code /stats} (HTML, refreshing itself), {@code /stats.json}, and
 * HAProxy's CSV as {@code /stats;csv} (also {@code ;csv;norefresh} and {@code /stats?csv}), so scripts that
 * scrape HAProxy's stats can be pointed here unchanged.
 */
final class StatsEndpoints {

    /** How often the page reloads itself; {@code ?refresh=N} (seconds, 0 = never) changes it. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final GatewayControl control;
    private final Clock clock;
    private final Supplier<Optional<ProxyControl>> proxy;
    private final AdminJson json;
    private final StatsPage page = new StatsPage();
    private final HaproxyCsv csv = new HaproxyCsv();

    StatsEndpoints(GatewayControl control, Clock clock, Supplier<Optional<ProxyControl>> proxy, AdminJson json) {
        this.control = control;
        this.clock = clock;
        this.proxy = proxy;
        this.json = json;
    }

    static boolean serves(String path) {
        return path.equals("/stats") || path.equals("/stats.json") || path.startsWith("/stats;");
    }

    AdminResponse handle(AdminRequest request) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return AdminResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed on "
                    + request.path() + "\n").withHeader("Allow", "GET, HEAD");
        }
        Optional<ProxyStats> stats = proxy.get().map(ProxyControl::stats);
        String path = request.path();
        if (path.startsWith("/stats;csv") || request.parameters().containsKey("csv")) {
            return AdminResponse.of(HttpResponseStatus.OK, "text/csv; charset=utf-8",
                    csv.render(stats.orElseGet(() -> new ProxyStats(clock.instant(), List.of(), List.of()))));
        }
        StatsPageModel model = model(stats, refresh(request));
        if (path.equals("/stats.json")) {
            return AdminResponse.of(HttpResponseStatus.OK, AdminResponse.JSON, json.write(jsonView(model)));
        }
        if (!path.equals("/stats")) {
            return AdminResponse.text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "; try /stats, /stats.json, /stats;csv\n");
        }
        return AdminResponse.of(HttpResponseStatus.OK, "text/html; charset=utf-8", page.render(model))
                // Everything the page needs is in it: no script, style or image from anywhere else may load.
                .withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; form-action 'self'; img-src data:; base-uri 'none'; frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff");
    }

    private static Duration refresh(AdminRequest request) {
        Optional<String> asked = request.parameter("refresh");
        if (asked.isPresent()) {
            try {
                return Duration.ofSeconds(Math.max(0, Math.min(3600, Integer.parseInt(asked.get()))));
            } catch (NumberFormatException e) {
                return REFRESH;
            }
        }
        return REFRESH;
    }

    private StatsPageModel model(Optional<ProxyStats> stats, Duration refresh) {
        Snapshot snapshot = control.current();
        Instant now = clock.instant();
        // Whoever reached the page passed the admin listener's network list and credentials: they may act.
        return new StatsPageModel(snapshot.nodeName(), control.version(), now, Duration.between(control.startedAt(), now),
                snapshot.source(), snapshot.appliedAt(), control.health(), stats,
                control.running(DnsService.class).stream().findFirst().map(DnsService::stats),
                control.running(NtpService.class).stream().findFirst().map(NtpService::stats),
                control.running(VrrpService.class).stream().findFirst().map(VrrpService::statuses),
                control.running(DhcpService.class).stream().findFirst().flatMap(DhcpService::status),
                control.running(FirewallService.class).stream().findFirst().flatMap(FirewallService::status), true,
                refresh);
    }

    /** What {@code /stats.json} shows of the model: the process, each service's health, each service's stats. */
    static Map<String, Object> jsonView(StatsPageModel model) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("node", model.node());
        view.put("version", model.version());
        view.put("at", model.now());
        view.put("uptime_seconds", model.uptime().toSeconds());
        view.put("config_source", model.configSource());
        view.put("config_applied_at", model.configAppliedAt());
        Map<String, Object> services = new LinkedHashMap<>();
        model.services().forEach((name, health) -> services.put(name,
                Map.of("healthy", health.healthy(), "detail", health.detail())));
        view.put("services", services);
        view.put("proxy", model.proxy());
        view.put("dns", model.dns());
        view.put("ntp", model.ntp());
        view.put("vrrp", model.vrrp());
        view.put("dhcp", model.dhcp().map(DhcpJson::view));
        view.put("firewall", model.firewall().map(FirewallJson::view));
        return view;
    }
}
