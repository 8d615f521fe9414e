package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Header policies over real sockets: the built-in {@code security} policy puts the seed's six headers on a
 * proxied answer, on a {@code respond} answer and on a refusal; a route's own edits run after the policies it
 * and its listener use, so they win; a request policy reaches the upstream; and a policy defined under the
 * built-in's name replaces it on reload. Policies named together run in the order named.
 */
class HeaderPolicyTest {

    /** The seed's HAProxy public_https frontend: http-response set-header, value for value. */
    private static final Map<String, String> SEED = Map.of(
            "strict-transport-security", "max-age=31536000; includeSubDomains; preload",
            "x-frame-options", "DENY",
            "x-content-type-options", "nosniff",
            "x-xss-protection", "1; mode=block",
            "referrer-policy", "strict-origin-when-cross-origin",
            "permissions-policy", "geolocation=(), microphone=(), camera=()");

    private static final String CONFIG = """
            node: { name: edge-7 }
            proxy:
              header_policies:
                cors: { response: { set: { Access-Control-Allow-Origin: "*", Access-Control-Max-Age: "600" } } }
                private: { response: { remove: [Access-Control-Allow-Origin], set: { Cache-Control: private } } }
                trace: { request: { set: { X-Trace: "$node_name/$listener" } } }
              listeners:
                - name: web
                  listen: [127.0.0.1:0]
                  headers: security
                  routes:
                    - name: health
                      match: { path: /health }
                      respond: { body: "ok" }
                    - name: embeddable
                      match: { path_prefix: /embed/ }
                      upstream: app
                      headers:
                        use: [cors, trace]
                        response:
                          set: { X-Frame-Options: SAMEORIGIN, Access-Control-Allow-Origin: "https://example.com" }
                          remove: [X-XSS-Protection]
                    - name: private
                      match: { path_prefix: /private/ }
                      upstream: app
                      headers: { use: [cors, private] }
                    - name: app
                      upstream: app
              upstreams:
                app: { servers: [{ address: "%s" }] }
            """;

    private static TestUpstream upstream;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TestUpstream("app");
        proxy = new ProxyHarness(CONFIG.formatted(upstream.address()));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static RawHttpClient.Response exchange(String raw) throws Exception {
        try (RawHttpClient client = new RawHttpClient(URI.create(proxy.url(0)).getPort(), 5000)) {
            RawHttpClient.Response response = client.send(raw).readResponse();
            assertThat(response).as("an answer to " + raw.lines().findFirst().orElseThrow()).isNotNull();
            return response;
        }
    }

    private static RawHttpClient.Response get(String path) throws Exception {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
    }

    /** Each of the seed's headers exactly once (set, not added; the chain of edits does not repeat it). */
    private static void assertSeedHeaders(RawHttpClient.Response response) {
        SEED.forEach((name, value) -> assertThat(response.headers().get(name))
                .as(name + " on " + response.statusLine()).containsExactly(value));
    }

    @Test
    void aProxiedAnswerCarriesTheBuiltInSecurityHeaders() throws Exception {
        RawHttpClient.Response response = get("/echo");
        assertThat(response.statusLine()).startsWith("HTTP/1.1 200 ");
        assertThat(response.header("x-upstream")).as("the upstream's own headers stay").isEqualTo("app");
        assertSeedHeaders(response);
        assertThat(response.header("access-control-allow-origin")).as("cors is this route's alone").isNull();
        assertThat(response.body()).as("trace is this route's alone").doesNotContain("h:x-trace=");
    }

    @Test
    void aRespondAnswerAndARefusalCarryThemToo() throws Exception {
        RawHttpClient.Response health = get("/health");
        assertThat(health.statusLine()).startsWith("HTTP/1.1 200 ");
        assertThat(health.body()).isEqualTo("ok");
        assertSeedHeaders(health);

        // Two Host headers: refused before routing, with the listener's edits, its policy's included.
        RawHttpClient.Response refused = exchange("GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertThat(refused.statusLine()).startsWith("HTTP/1.1 400 ");
        assertSeedHeaders(refused);
    }

    @Test
    void aRoutesOwnEditsWinOverThePolicies() throws Exception {
        RawHttpClient.Response response = get("/embed/page");
        assertThat(response.statusLine()).startsWith("HTTP/1.1 200 ");
        assertThat(response.headers().get("x-frame-options")).as("the route's set replaces the policy's")
                .containsExactly("SAMEORIGIN");
        assertThat(response.header("x-xss-protection")).as("the route's remove runs after the policy's set").isNull();
        assertThat(response.headers().get("access-control-allow-origin")).as("the route's set replaces its own policy's")
                .containsExactly("https://example.com");
        assertThat(response.header("access-control-max-age")).as("what the route leaves of its policy").isEqualTo("600");
        for (String untouched : List.of("strict-transport-security", "x-content-type-options", "referrer-policy",
                "permissions-policy")) {
            assertThat(response.headers().get(untouched)).as(untouched).containsExactly(SEED.get(untouched));
        }
        assertThat(response.body()).as("a request policy's edits reach the upstream").contains("h:x-trace=edge-7/web\n");
    }

    @Test
    void aLaterPolicyRunsAfterAnEarlierOne() throws Exception {
        RawHttpClient.Response response = get("/private/page");
        assertThat(response.statusLine()).startsWith("HTTP/1.1 200 ");
        assertThat(response.header("access-control-allow-origin")).as("private removes what cors set").isNull();
        assertThat(response.header("access-control-max-age")).isEqualTo("600");
        assertThat(response.header("cache-control")).isEqualTo("private");
        assertSeedHeaders(response);
    }

    @Test
    void aDefinedPolicyNamedSecurityReplacesTheBuiltInOnReload() throws Exception {
        String overridden = CONFIG.replace("""
                  header_policies:
                """, """
                  header_policies:
                    security: { response: { set: { Strict-Transport-Security: "max-age=60" } } }
                """);
        assertThat(overridden).as("the override is in the config").contains("max-age=60");
        proxy.apply(overridden.formatted(upstream.address()));
        try {
            RawHttpClient.Response response = get("/echo");
            assertThat(response.headers().get("strict-transport-security")).containsExactly("max-age=60");
            assertThat(response.header("x-frame-options")).as("the built-in's other headers are gone with it").isNull();
            assertThat(response.header("permissions-policy")).isNull();
        } finally {
            proxy.apply(CONFIG.formatted(upstream.address()));
        }
        assertSeedHeaders(get("/echo"));
    }
}
