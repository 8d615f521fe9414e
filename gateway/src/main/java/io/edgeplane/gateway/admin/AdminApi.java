package io.edgeplane.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.gateway.runtime.GatewayControl;
import io.edgeplane.gateway.runtime.ReloadOutcome;
import io.edgeplane.gateway.runtime.Snapshot;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The admin endpoints as plain functions of a request line to an {@link AdminResponse}. Runs off the
 * event loops (a reload reads files and binds sockets).
 */
final class AdminApi {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Endpoints that answer without credentials: probes from load balancers and supervisors. */
    static final List<String> PROBES = List.of("/healthz", "/readyz");

    private static final Map<String, List<HttpMethod>> ENDPOINTS = endpoints();

    private final GatewayControl control;
    private final Clock clock;
    private final ConfigRenderer renderer = new ConfigRenderer(ScalarTypes.standard());
    /** Built on the first API call: probes and metrics need no JSON, and start-up should not pay for it. */
    private final Supplier<ObjectMapper> json = memoize(() -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));
    private final Supplier<ObjectMapper> yaml = memoize(() -> new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()));

    AdminApi(GatewayControl control, Clock clock) {
        this.control = Objects.requireNonNull(control, "control");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        return Map.copyOf(endpoints);
    }

    AdminResponse handle(HttpMethod method, String path, Map<String, List<String>> query) {
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
            case "/api/config" -> config(query);
            case "/api/reload" -> method.equals(HttpMethod.POST) ? reload() : lastReload();
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
        try {
            return AdminResponse.of(status, AdminResponse.JSON, json.get().writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin views are plain maps and always serialisable", e);
        }
    }
}
