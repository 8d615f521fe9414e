package io.edgeplane.gateway.admin;

import io.edgeplane.proxy.server.ProxyControl;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.upstream.AdminState;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The proxy's runtime API under {@code /api/proxy}: its listeners, routes, pools and servers as JSON, and a
 * server's state and weight set ({@code POST /api/proxy/pools/web/servers/10.0.0.5:8080?state=drain}).
 */
final class ProxyEndpoints {

    static final String PREFIX = "/api/proxy";

    private final Supplier<Optional<ProxyControl>> proxy;
    private final AdminJson json;

    ProxyEndpoints(Supplier<Optional<ProxyControl>> proxy, AdminJson json) {
        this.proxy = proxy;
        this.json = json;
    }

    AdminResponse handle(AdminRequest request) {
        Optional<ProxyControl> running = proxy.get();
        if (running.isEmpty()) {
            return AdminResponse.text(HttpResponseStatus.NOT_FOUND, "the proxy is not running (no proxy section)\n");
        }
        ProxyControl control = running.get();
        // "/api/proxy/pools/web/servers/10.0.0.5:8080" -> [pools, web, servers, 10.0.0.5:8080]
        List<String> parts = Arrays.stream(request.path().substring(PREFIX.length()).split("/"))
                .filter(part -> !part.isEmpty()).toList();
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (parts.size() == 4 && parts.get(0).equals("pools") && parts.get(2).equals("servers")) {
            if (request.method().equals(HttpMethod.POST)) {
                return setServer(control, parts.get(1), parts.get(3), request);
            }
            if (!read) {
                return notAllowed(request, "GET, HEAD, POST");
            }
            return control.pool(parts.get(1))
                    .flatMap(pool -> pool.servers().stream().filter(s -> s.name().equals(parts.get(3))).findFirst())
                    .map(server -> ok(server))
                    .orElseGet(() -> AdminResponse.text(HttpResponseStatus.NOT_FOUND,
                            "no server " + parts.get(3) + " in a pool " + parts.get(1) + "\n"));
        }
        if (!read) {
            return notAllowed(request, "GET, HEAD");
        }
        if (parts.isEmpty()) {
            return ok(control.stats());
        }
        return switch (parts.get(0)) {
            case "listeners" -> parts.size() == 1 ? ok(control.stats().listeners()) : notFound(request);
            case "pools" -> switch (parts.size()) {
                case 1 -> ok(control.stats().pools());
                case 2 -> control.pool(parts.get(1)).map(this::ok).orElseGet(() -> notFound(request));
                default -> notFound(request);
            };
            default -> notFound(request);
        };
    }

    private AdminResponse setServer(ProxyControl control, String pool, String server, AdminRequest request) {
        Optional<String> stateName = request.parameter("state");
        Optional<AdminState> state = stateName.flatMap(AdminState::named);
        if (stateName.isPresent() && state.isEmpty()) {
            return AdminResponse.text(HttpResponseStatus.BAD_REQUEST,
                    "state=" + stateName.get() + " is not one of ready, drain, maint\n");
        }
        OptionalInt weight = OptionalInt.empty();
        Optional<String> weightText = request.parameter("weight");
        if (weightText.isPresent()) {
            try {
                weight = OptionalInt.of(Integer.parseInt(weightText.get().strip()));
            } catch (NumberFormatException e) {
                return AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "weight=" + weightText.get() + " is not a number 1..1000\n");
            }
        }
        if (state.isEmpty() && weight.isEmpty()) {
            return AdminResponse.text(HttpResponseStatus.BAD_REQUEST,
                    "nothing to change: give state=ready|drain|maint and/or weight=1..1000\n");
        }
        ServerStats after;
        try {
            after = control.setServer(pool, server, state, weight, "admin api (" + request.who() + ")");
        } catch (NoSuchElementException e) {
            return AdminResponse.text(HttpResponseStatus.NOT_FOUND, e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            return AdminResponse.text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "; to stop new requests use state=drain\n");
        }
        if (request.parameter("redirect").filter("stats"::equals).isPresent()) {
            // A form on the stats page: back to the page, which now shows the change (303: GET it, don't re-post).
            return AdminResponse.text(HttpResponseStatus.SEE_OTHER, "see /stats\n").withHeader("Location", "/stats");
        }
        return ok(after);
    }

    private AdminResponse ok(Object value) {
        return AdminResponse.of(HttpResponseStatus.OK, AdminResponse.JSON, json.write(value));
    }

    private static AdminResponse notFound(AdminRequest request) {
        return AdminResponse.text(HttpResponseStatus.NOT_FOUND, "not found: " + request.path() + "\n"
                + "try " + PREFIX + ", " + PREFIX + "/listeners, " + PREFIX + "/pools, " + PREFIX + "/pools/<pool>, "
                + PREFIX + "/pools/<pool>/servers/<server>\n");
    }

    private static AdminResponse notAllowed(AdminRequest request, String allowed) {
        return AdminResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + request.path() + "\n")
                .withHeader("Allow", allowed);
    }
}
