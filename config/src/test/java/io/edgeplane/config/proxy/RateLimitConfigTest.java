package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code proxy.rate_limits}, a listener's {@code rate_limit} and {@code rate_limits}, a route's {@code rate_limits}. */
class RateLimitConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private ProxyConfig proxy(String yaml) {
        try {
            return loader.parse("f.yaml", yaml).proxy().orElseThrow();
        } catch (InvalidConfigException e) {
            throw new AssertionError("unexpected problems:\n" + e.getMessage(), e);
        }
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("an InvalidConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theSketchsInlineFormBindsWithDefaults() {
        ProxyConfig proxy = proxy("""
                proxy:
                  listeners:
                    - name: public_https
                      listen: [127.0.0.1:0]
                      rate_limit: { key: client_ip, window: 10s, max_requests: 20, action: reject }
                      routes: [{ respond: { body: ok } }]
                """);
        RateLimitConfig limit = proxy.listeners().getFirst().rateLimit().orElseThrow();

        assertThat(limit).isEqualTo(new RateLimitConfig(RateLimitConfig.Key.CLIENT_IP, Optional.empty(),
                Duration.ofSeconds(10), 20, RateLimitConfig.Action.REJECT, Optional.empty(), 100_000));
        assertThat(proxy.listeners().getFirst().rateLimits()).isEmpty();
        assertThat(proxy("""
                proxy:
                  listeners:
                    - { name: l, listen: [127.0.0.1:0], rate_limit: { window: 1m, max_requests: 5 }, routes: [{ respond: {} }] }
                """).listeners().getFirst().rateLimit().orElseThrow().key()).isEqualTo(RateLimitConfig.Key.CLIENT_IP);
    }

    @Test
    void namedLimitsAreReferredToFromListenersAndRoutes() {
        ProxyConfig proxy = proxy("""
                proxy:
                  rate_limits:
                    per_ip: { key: client_ipv6_64, window: 10s, max_requests: 20 }
                    api_keys: { key: header, header: X-Api-Key, window: 1m, max_requests: 600, action: tarpit, tarpit_delay: 2s }
                    per_route: { key: route, window: 1s, max_requests: 1000, action: close, table_size: 64 }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limits: [per_ip]
                      routes:
                        - { name: a, rate_limits: [api_keys, per_route], respond: {} }
                        - { name: b, rate_limits: api_keys, respond: {} }
                """);

        assertThat(proxy.rateLimits()).containsOnlyKeys("per_ip", "api_keys", "per_route");
        assertThat(proxy.rateLimits().get("api_keys").header()).contains("X-Api-Key");
        assertThat(proxy.rateLimits().get("api_keys").effectiveTarpitDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(proxy.rateLimits().get("per_route").tableSize()).isEqualTo(64);
        assertThat(proxy.listeners().getFirst().rateLimits()).containsExactly("per_ip");
        assertThat(proxy.listeners().getFirst().routes().get(0).rateLimits()).containsExactly("api_keys", "per_route");
        assertThat(proxy.listeners().getFirst().routes().get(1).rateLimits()).containsExactly("api_keys");
    }

    @Test
    void badValuesArePointedAt() {
        assertThat(problems("""
                proxy:
                  rate_limits:
                    a: { window: 500ms, max_requests: 0, table_size: 0 }
                    b: { key: header, window: 2d, max_requests: 70000 }
                    c: { key: client_ip, header: X-Api-Key, window: 10s, max_requests: 1, tarpit_delay: 1s }
                    d: { key: header, header: "X Key", window: 10s, max_requests: 1, action: tarpit, tarpit_delay: 2m }
                    e: { key: cookie, window: 10s, max_requests: 1, action: drop }
                  listeners: []
                """)).containsExactly(
                "f.yaml:3:18: proxy.rate_limits.a.window: window must be between 1s and 1d (expected: such as 10s or 1m)",
                "f.yaml:3:39: proxy.rate_limits.a.max_requests: max_requests must be between 1 and 65535 (expected: such as 20 (for more, a shorter window))",
                "f.yaml:3:54: proxy.rate_limits.a.table_size: table_size must be between 1 and 10000000 (expected: such as 100000)",
                "f.yaml:4:8: proxy.rate_limits.b.header: key: header needs the header's name (expected: header: X-Api-Key)",
                "f.yaml:4:31: proxy.rate_limits.b.window: window must be between 1s and 1d (expected: such as 10s or 1m)",
                "f.yaml:4:49: proxy.rate_limits.b.max_requests: max_requests must be between 1 and 65535 (expected: such as 20 (for more, a shorter window))",
                "f.yaml:5:34: proxy.rate_limits.c.header: header applies only to key: header (expected: key: header, or no header)",
                "f.yaml:5:89: proxy.rate_limits.c.tarpit_delay: tarpit_delay applies only to action: tarpit (expected: action: tarpit, or no tarpit_delay)",
                "f.yaml:6:31: proxy.rate_limits.d.header: 'X Key' is not a header name (expected: a header name such as X-Frame-Options (RFC 9110 token characters))",
                "f.yaml:6:100: proxy.rate_limits.d.tarpit_delay: tarpit_delay must be above 0 and at most 1m (expected: such as 5s)",
                "f.yaml:7:15: proxy.rate_limits.e.key: 'cookie' is not a known choice (expected: one of client_ip, client_ipv6_64, header, route)",
                "f.yaml:7:61: proxy.rate_limits.e.action: 'drop' is not a known choice (expected: one of reject, close, tarpit)");
    }

    @Test
    void referencesMustNameALimitOnceAndNotTwiceForOneRequest() {
        assertThat(problems("""
                proxy:
                  rate_limits:
                    per_ip: { window: 10s, max_requests: 20 }
                    l: { window: 10s, max_requests: 20 }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      rate_limit: { window: 10s, max_requests: 20 }
                      rate_limits: [per_ip, per_ip, nope]
                      routes:
                        - { rate_limits: [per_ip], respond: {} }
                        - { rate_limits: [per_iq], respond: {} }
                """)).containsExactly(
                "f.yaml:8:19: proxy.listeners[0].rate_limit: listener l's rate_limit would be measured under the name of proxy.rate_limits.l (expected: a listener name that no rate limit has, or the named limit in rate_limits)",
                "f.yaml:9:29: proxy.listeners[0].rate_limits[1]: rate limit 'per_ip' is named twice here (expected: each limit once per request)",
                "f.yaml:9:37: proxy.listeners[0].rate_limits[2]: no rate limit is named 'nope' (expected: one of l, per_ip)",
                "f.yaml:11:27: proxy.listeners[0].routes[0].rate_limits[0]: rate limit 'per_ip' already applies to every request of this listener (expected: each limit once per request)",
                "f.yaml:12:27: proxy.listeners[0].routes[1].rate_limits[0]: no rate limit is named 'per_iq' (expected: one of l, per_ip)");
    }

    @Test
    void maxConnectionsPerClientIsAtMostMaxConnections() {
        assertThat(proxy("""
                proxy:
                  listeners: [{ name: l, listen: [127.0.0.1:0], limits: { max_connections_per_client: 8 }, routes: [{ respond: {} }] }]
                """).listeners().getFirst().limits().maxConnectionsPerClient()).isEqualTo(8);
        assertThat(proxy("proxy: { listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ respond: {} }] }] }")
                .listeners().getFirst().limits().maxConnectionsPerClient()).isZero();
        assertThat(problems("""
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      limits: { max_connections: 10, max_connections_per_client: 11 }
                      routes: [{ respond: {} }]
                """)).containsExactly("f.yaml:5:66: proxy.listeners[0].limits.max_connections_per_client: "
                + "max_connections_per_client must be between 0 (no limit) and max_connections (10) (expected: a number such as 64)");
    }
}
