package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP listener (nginx's {@code server}, HAProxy's {@code frontend}).
 *
 * @param name      how logs, metrics and the stats page name it
 * @param listen    the addresses it binds
 * @param tls       TLS termination; absent = plain HTTP
 * @param routes    tried in nginx {@code location} order: exact path, then regexes in the order written, then
 *                  the longest prefix, then routes without a path condition; a route whose method or header
 *                  condition fails lets the next candidate try
 * @param limits    connection and request limits
 * @param forwarded which X-Forwarded-* and X-Real-IP headers upstreams get
 * @param headers   header edits applied to every proxied request and to every answer: those of the header
 *                  policies it uses, then its own
 * @param allow     client networks let in; empty lets in every client not denied
 * @param deny      client networks refused, checked first
 * @param compression gzip for responses; absent = off
 * @param errorPages  bodies for the errors the proxy answers itself, by status code ({@code "502": {...}}):
 *                    502/503/504, 404 when no route matches, and refusals of malformed requests (400, 408,
 *                    413, 414, 431, 501, 505)
 * @param rateLimit   a rate limit of this listener alone, on every request (shorthand for a named limit that
 *                    only this listener uses); its counts and metrics go by the listener's name
 * @param rateLimits  names of {@code proxy.rate_limits} applied to every request of this listener
 * @param proxyProtocol PROXY protocol headers from an L4 balancer in front; off by default
 * @param http2       HTTP/2: on by default with TLS (ALPN {@code h2}), off by default without (h2c with prior knowledge)
 */
public record ListenerConfig(
        String name,
        List<HostPort> listen,
        Optional<TlsConfig> tls,
        List<RouteConfig> routes,
        LimitsConfig limits,
        ForwardedConfig forwarded,
        HeadersConfig headers,
        List<Cidr> allow,
        List<Cidr> deny,
        Optional<CompressionConfig> compression,
        Map<String, ErrorPageConfig> errorPages,
        Optional<RateLimitConfig> rateLimit,
        List<String> rateLimits,
        ProxyProtocolConfig proxyProtocol,
        Http2Config http2) implements Checked {

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        listen = List.copyOf(listen);
        Objects.requireNonNull(tls, "tls");
        routes = List.copyOf(routes);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(forwarded, "forwarded");
        Objects.requireNonNull(headers, "headers");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        Objects.requireNonNull(compression, "compression");
        errorPages = Map.copyOf(errorPages);
        Objects.requireNonNull(rateLimit, "rateLimit");
        rateLimits = List.copyOf(rateLimits);
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        Objects.requireNonNull(http2, "http2");
    }

    /** Whether this listener speaks HTTP/2. */
    public boolean speaksHttp2() {
        return http2.enabledFor(tls.isPresent());
    }

    @Override
    public void check(Checks checks) {
        checks.key("name").require(name.matches("[A-Za-z0-9_.-]+"),
                "'" + name + "' is not a listener name", "letters, digits, '_', '-' and '.'");
        checks.key("listen").require(!listen.isEmpty(), "a listener needs an address", "listen: 0.0.0.0:80");
        for (int i = 0; i < listen.size(); i++) {
            checks.key("listen").index(i).require(listen.get(i).isIpLiteral(),
                    "a listener binds an address, not the name '" + listen.get(i).host() + "'",
                    "an IP address such as 0.0.0.0:80 or 127.0.0.1:8080");
        }
        checks.key("routes").require(!routes.isEmpty(), "a listener needs at least one route",
                "routes: [{ upstream: app }] or [{ respond: { status: 200 } }]");
        errorPages.keySet().forEach(code -> checks.key("error_pages").key(code).require(
                code.matches("[45][0-9][0-9]"), "'" + code + "' is not an error status", "a status from 400 to 599, such as \"502\""));
        java.util.Set<String> routeNames = new java.util.HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            String routeName = routes.get(i).name().orElse(null);
            checks.key("routes").index(i).key("name").require(routeName == null || routeNames.add(routeName),
                    "route name '" + routeName + "' is used twice in this listener", "a unique name per route");
        }
    }
}
