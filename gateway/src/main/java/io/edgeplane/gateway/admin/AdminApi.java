package io.edgeplane.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.dhcp.server.DhcpService;
import io.edgeplane.dns.server.DnsService;
import io.edgeplane.gateway.runtime.GatewayControl;
import io.edgeplane.gateway.runtime.ReloadOutcome;
import io.edgeplane.gateway.runtime.Snapshot;
import io.edgeplane.proxy.server.ProxyControl;
import io.edgeplane.proxy.server.ProxyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The admin endpoints as plain functions of an {@link AdminRequest} to an {@link AdminResponse}. Runs off the
 * event loops (a reload reads files and binds sockets). Every request that changes something is refused when
 * a page of another origin sent it, and is written to the {@link AuditLog} with its outcome.
 */
final class AdminApi {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Endpoints that answer without credentials: probes from load balancers and supervisors. */
    static final List<String> PROBES = List.of("/healthz", "/readyz");

    private static final Map<String, List<HttpMethod>> ENDPOINTS = endpoints();

    private final GatewayControl control;
    private final Clock clock;
    private final AuditLog audit;
    private final AdminJson records = new AdminJson();
    private final ProxyEndpoints proxy;
    private final StatsEndpoints statsPages;
    private final MeterRegistry registry;
    private final ConfigRenderer renderer = new ConfigRenderer(ScalarTypes.standard());
    /** Built on the first API call, as the JSON one: probes and metrics need no YAML. */
    private final Supplier<ObjectMapper> yaml = memoize(() -> new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()));

    AdminApi(GatewayControl control, Clock clock, AuditLog audit, MeterRegistry registry) {
        this.control = Objects.requireNonNull(control, "control");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.proxy = new ProxyEndpoints(this::proxyControl, records);
        this.statsPages = new StatsEndpoints(control, clock, this::proxyControl, records);
        // Every action's series from the start, at 0: an alert on its rate needs no first write to exist.
        WRITE_ACTIONS.forEach(this::writes);
    }

    private Counter writes(String action) {
        return Counter.builder("edgeplane.admin.writes").description("Changes asked of the admin API, by action")
                .tags("action", action).register(registry);
    }

    private Optional<ProxyControl> proxyControl() {
        return control.running(ProxyService.class).stream().findFirst().map(ProxyService::control);
    }

    private static Map<String, List<HttpMethod>> endpoints() {
        Map<String, List<HttpMethod>> endpoints = new LinkedHashMap<>();
        List<HttpMethod> read = List.of(HttpMethod.GET, HttpMethod.HEAD);
        endpoints.put("/", read);
        endpoints.put("/healthz", read);
        endpoints.put("/readyz", read);
        endpoints.put("/metrics", read);
        endpoints.put("/api/status", read);
        endpoints.put("/api/config", read);
        endpoints.put("/api/reload", List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST));
        endpoints.put("/api/audit", read);
        endpoints.put("/api/dns/flush", List.of(HttpMethod.POST));
        endpoints.put("/api/dhcp/leases", read);
        endpoints.put("/api/certificates/reload", List.of(HttpMethod.POST));
        return Map.copyOf(endpoints);
    }

    AdminResponse handle(AdminRequest request) {
        HttpMethod method = request.method();
        boolean write = !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD);
        if (write && request.crossSite()) {
            // A browser posting a form from another site with the operator's saved credentials (CSRF).
            return AdminResponse.text(HttpResponseStatus.FORBIDDEN, "forbidden: a change must come from this admin listener's own pages\n");
        }
        AdminResponse response = route(request);
        if (write && response.status() != HttpResponseStatus.METHOD_NOT_ALLOWED && response.status() != HttpResponseStatus.NOT_FOUND) {
            audited(request, response);
        }
        return response;
    }

    private void audited(AdminRequest request, AdminResponse response) {
        String action = action(request.path());
        String target = request.path() + (request.parameters().isEmpty() ? "" : " " + new TreeMap<>(request.parameters()));
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String outcome = response.status().code() + (response.status().code() < 400 ? " ok"
                : " " + body.lines().findFirst().orElse("").strip());
        audit.record(new AuditLog.Entry(clock.instant(), request.user(), request.client(), action, target, outcome));
        writes(action).increment();
    }

    private static final List<String> WRITE_ACTIONS = List.of("set_server", "reload", "flush_dns", "reload_certificates");

    private static String action(String path) {
        if (path.startsWith(ProxyEndpoints.PREFIX)) {
            return "set_server";
        }
        return switch (path) {
            case "/api/reload" -> "reload";
            case "/api/dns/flush" -> "flush_dns";
            case "/api/certificates/reload" -> "reload_certificates";
            default -> "other";
        };
    }

    private AdminResponse route(AdminRequest request) {
        HttpMethod method = request.method();
        String path = request.path();
        if (path.equals(ProxyEndpoints.PREFIX) || path.startsWith(ProxyEndpoints.PREFIX + "/")) {
            return proxy.handle(request);
        }
        if (StatsEndpoints.serves(path)) {
            return statsPages.handle(request);
        }
        List<HttpMethod> allowed = ENDPOINTS.get(path);
        if (allowed == null) {
            return AdminResponse.text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n" + index());
        }
        if (!allowed.contains(method)) {
            return AdminResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed on " + path + "\n")
                    .withHeader("Allow", String.join(", ", allowed.stream().map(HttpMethod::name).toList()));
        }
        return switch (path) {
            case "/healthz" -> healthz();
            case "/readyz" -> readyz();
            case "/metrics" -> AdminResponse.of(HttpResponseStatus.OK, PROMETHEUS_TEXT, control.scrapeMetrics());
            case "/api/status" -> json(HttpResponseStatus.OK, status());
            case "/api/config" -> config(request.parameters());
            case "/api/reload" -> method.equals(HttpMethod.POST) ? reload() : lastReload();
            case "/api/audit" -> json(HttpResponseStatus.OK, audit.recent().stream().map(AuditLog.Entry::view).toList());
            case "/api/dns/flush" -> flushNames();
            case "/api/dhcp/leases" -> dhcpLeases();
            case "/api/certificates/reload" -> reloadCertificates();
            default -> AdminResponse.text(HttpResponseStatus.OK, index());
        };
    }

    private static String index() {
        return """
                edgeplane admin
                  GET  /healthz       200 ok, or 503 and what is unhealthy
                  GET  /readyz        200 once started, 503 while starting or stopping
                  GET  /metrics       Prometheus metrics
                  GET  /api/status    version, uptime, config source, services
                  GET  /api/config    the running config, secrets redacted (?format=yaml)
                  GET  /api/reload    the last reload's outcome
                  POST /api/reload    re-read the config file and apply it
                  GET  /stats         the stats page (HTML; also /stats.json and HAProxy's /stats;csv)
                  GET  /api/proxy     listeners, routes, pools and servers (also /api/proxy/listeners,
                                      /api/proxy/pools, /api/proxy/pools/<pool>, .../servers/<server>)
                  POST /api/proxy/pools/<pool>/servers/<server>?state=ready|drain|maint&weight=N
                  POST /api/dns/flush            look every upstream name up again, empty the DNS cache
                  GET  /api/dhcp/leases          the DHCP server, its pool and every lease
                  POST /api/certificates/reload  read every certificate file again now
                  GET  /api/audit     the last changes made through this API
                """;
    }

    private AdminResponse healthz() {
        Map<String, Health> health = control.health();
        List<String> unhealthy = health.entrySet().stream()
                .filter(e -> !e.getValue().healthy())
                .map(e -> e.getKey() + ": " + e.getValue().detail())
                .toList();
        if (unhealthy.isEmpty()) {
            return AdminResponse.text(HttpResponseStatus.OK, "ok\n");
        }
        return AdminResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "unhealthy\n" + String.join("\n", unhealthy) + "\n");
    }

    private AdminResponse readyz() {
        return control.ready()
                ? AdminResponse.text(HttpResponseStatus.OK, "ready\n")
                : AdminResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
    }

    private Map<String, Object> status() {
        Snapshot snapshot = control.current();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("node", snapshot.nodeName());
        status.put("version", control.version());
        status.put("started_at", control.startedAt().toString());
        status.put("uptime_seconds", Duration.between(control.startedAt(), clock.instant()).toSeconds());
        status.put("transport", control.transport());
        status.put("config_source", snapshot.source());
        status.put("config_applied_at", snapshot.appliedAt().toString());
        status.put("ready", control.ready());
        Map<String, Object> services = new LinkedHashMap<>();
        control.health().forEach((name, health) -> services.put(name,
                Map.of("healthy", health.healthy(), "detail", health.detail())));
        status.put("services", services);
        control.lastReload().ifPresent(outcome -> status.put("last_reload", outcomeView(outcome)));
        return status;
    }

    private AdminResponse config(Map<String, List<String>> query) {
        Map<String, Object> tree = renderer.render(control.current().config());
        String format = query.getOrDefault("format", List.of("json")).getFirst();
        try {
            return switch (format) {
                case "yaml" -> AdminResponse.of(HttpResponseStatus.OK, "application/yaml; charset=utf-8", yaml.get().writeValueAsString(tree));
                case "json" -> json(HttpResponseStatus.OK, tree);
                default -> AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "format=" + format + " is not json or yaml\n");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rendered config is always serialisable", e);
        }
    }

    private AdminResponse flushNames() {
        Optional<ProxyControl> proxyNow = proxyControl();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("proxy_upstream_names", proxyNow.map(ProxyControl::refreshNames).orElse(Map.of()));
        control.running(DnsService.class).stream().findFirst()
                .ifPresent(dns -> view.put("dns_cache_answers_flushed", dns.flushCache()));
        return json(HttpResponseStatus.OK, view);
    }

    private AdminResponse dhcpLeases() {
        Optional<DhcpService> dhcp = control.running(DhcpService.class).stream().findFirst();
        if (dhcp.isEmpty()) {
            return AdminResponse.text(HttpResponseStatus.NOT_FOUND, "no DHCP server runs: the config has no dhcp section\n");
        }
        return dhcp.get().status().map(status -> json(HttpResponseStatus.OK, DhcpJson.view(status)))
                .orElseGet(() -> AdminResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "the DHCP server did not answer in time\n"));
    }

    private AdminResponse reloadCertificates() {
        Map<String, Object> view = new LinkedHashMap<>();
        boolean allGood = true;
        for (Map.Entry<String, Optional<String>> entry : proxyControl().map(ProxyControl::reloadCertificates)
                .orElse(Map.of()).entrySet()) {
            view.put(entry.getKey(), entry.getValue().map(why -> "kept the certificates in use: " + why).orElse("reloaded"));
            allGood &= entry.getValue().isEmpty();
        }
        // 422 as for a reload: the request was fine, some files were not; what was in use stays in use.
        return json(allGood ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY, view);
    }

    private AdminResponse reload() {
        ReloadOutcome outcome = control.reload("api");
        // 422: the request was fine, the file it pointed at was not; the running config is unchanged.
        return json(outcome.applied() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY, outcomeView(outcome));
    }

    private AdminResponse lastReload() {
        return control.lastReload()
                .map(outcome -> json(HttpResponseStatus.OK, outcomeView(outcome)))
                .orElseGet(() -> json(HttpResponseStatus.OK, Map.of("status", "none", "message", "no reload since start")));
    }

    private static Map<String, Object> outcomeView(ReloadOutcome outcome) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", outcome.applied() ? "applied" : "rejected");
        view.put("at", outcome.at().toString());
        view.put("trigger", outcome.trigger());
        if (outcome.applied()) {
            view.put("changed", outcome.changed());
        } else {
            view.put("errors", outcome.errors());
        }
        return view;
    }

    private static <T> Supplier<T> memoize(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        current = value;
                        if (current == null) {
                            current = factory.get();
                            value = current;
                        }
                    }
                }
                return current;
            }
        };
    }

    private AdminResponse json(HttpResponseStatus status, Object value) {
        return AdminResponse.of(status, AdminResponse.JSON, records.write(value));
    }
}
