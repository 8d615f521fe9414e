package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The proxy end to end: real listener, real upstreams, JDK HttpClient. */
class ProxyServiceTest {

    @Test
    void routesRespondsRedirectsAndProxiesWithForwardingHeaders() throws Exception {
        try (TestUpstream app1 = new TestUpstream("app1");
             TestUpstream fallback = new TestUpstream("fallback");
             ProxyHarness proxy = new ProxyHarness("""
                     node: { name: edge-test }
                     proxy:
                       listeners:
                         - name: north
                           listen: [127.0.0.1:0]
                           headers:
                             request: { set: { X-Edge: "$node_name" } }
                             response: { set: { X-Frame-Options: DENY } }
                           routes:
                             - match: { path: /internal/health/ }
                               respond: { body: "ok from $node_name\\n" }
                             - match: { path_prefix: /app1/ }
                               upstream: app1
                               strip_prefix: true
                             - match: { path_prefix: /old/ }
                               redirect: { scheme: https, status: 308 }
                             - upstream: fallback
                       upstreams:
                         app1: { servers: [{ address: %s }] }
                         fallback: { servers: [{ address: %s }] }
                     """.formatted(app1.address(), fallback.address()))) {

            HttpResponse<String> health = proxy.get("/internal/health/");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok from edge-test\n");
            assertThat(health.headers().firstValue("x-frame-options")).hasValue("DENY");

            HttpResponse<String> proxied = proxy.get("/app1/echo/x?q=1");
            assertThat(proxied.statusCode()).isEqualTo(200);
            assertThat(proxied.body())
                    .contains("upstream=app1")
                    .contains("uri=/echo/x?q=1")
                    .contains("h:x-forwarded-for=127.0.0.1")
                    .contains("h:x-forwarded-proto=http")
                    .contains("h:x-edge=edge-test")
                    .contains("h:host=127.0.0.1:" + URI.create(proxy.url(0)).getPort());
            assertThat(proxied.headers().firstValue("x-upstream")).hasValue("app1");
            assertThat(proxied.headers().firstValue("x-frame-options")).hasValue("DENY");

            HttpResponse<String> redirect = proxy.get("/old/page?a=b");
            assertThat(redirect.statusCode()).isEqualTo(308);
            assertThat(redirect.headers().firstValue("location")).hasValue("https://127.0.0.1/old/page?a=b");
            assertThat(redirect.headers().firstValue("x-frame-options")).hasValue("DENY");

            assertThat(proxy.get("/anything").body()).contains("upstream=fallback").contains("uri=/anything");
        }
    }

    @Test
    void keepAliveConnectionsToTheUpstreamAreReused() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(app.address()))) {
            for (int i = 0; i < 20; i++) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            }
            assertThat(app.requests.get()).isEqualTo(20);
            // One client connection, handled by one event loop: one upstream connection serves it all.
            assertThat(app.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void postBodiesReachTheUpstream() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(app.address()))) {
            byte[] body = new byte[300_000];
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("method=POST").contains("body=300000");
        }
    }

    @Test
    void unavailableUpstreamIs502AndConnectFailuresAreRetriedElsewhere() throws Exception {
        int deadPort;
        try (var socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (TestUpstream alive = new TestUpstream("alive");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - name: l
                           listen: [127.0.0.1:0]
                           routes:
                             - { match: { path_prefix: /dead/ }, upstream: dead }
                             - { upstream: mixed }
                       upstreams:
                         dead: { servers: [{ address: 127.0.0.1:%d }], retries: 0 }
                         mixed:
                           servers: [{ address: 127.0.0.1:%d }, { address: %s }]
                           retries: 1
                     """.formatted(deadPort, deadPort, alive.address()))) {
            assertThat(proxy.get("/dead/x").statusCode()).isEqualTo(502);
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = proxy.get("/echo");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("upstream=alive");
            }
        }
    }

    @Test
    void slowUpstreamIs504() throws Exception {
        try (TestUpstream slow = new TestUpstream("slow");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: slow }] }
                       upstreams:
                         slow: { servers: [{ address: %s }], timeouts: { response: 200ms }, retries: 0 }
                     """.formatted(slow.address()))) {
            assertThat(proxy.get("/slow?ms=2000").statusCode()).isEqualTo(504);
            assertThat(proxy.get("/slow?ms=1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unmatchedRequestIs404() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - { name: l, listen: [127.0.0.1:0], routes: [{ match: { path: /only }, respond: { status: 204 } }] }
                """)) {
            assertThat(proxy.get("/only").statusCode()).isEqualTo(204);
            assertThat(proxy.get("/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void bodiesOverMaxBodySizeAre413WhetherSizedOrChunked() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], limits: { max_body_size: 1KiB }, routes: [{ upstream: app }] }
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(app.address()))) {
            HttpResponse<String> sized = proxy.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])));
            assertThat(sized.statusCode()).isEqualTo(413);
            assertThat(app.requests.get()).isZero();

            // No Content-Length: a streamed publisher of unknown length is sent chunked.
            HttpResponse<String> chunked = proxy.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[8192]))));
            assertThat(chunked.statusCode()).isEqualTo(413);

            HttpResponse<String> small = proxy.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[512])));
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.body()).contains("body=512");
        }
    }

    @Test
    void errorPagesReplaceTheDefaultBodies() throws Exception {
        int deadPort;
        try (var socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (ProxyHarness proxy = new ProxyHarness("""
                node: { name: edge-9 }
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      error_pages:
                        "502": { body: "<h1>upstream down on $node_name</h1>" }
                        "404": { body: "nothing at $uri", content_type: text/plain }
                      routes:
                        - { match: { path_prefix: /app/ }, upstream: dead }
                  upstreams:
                    dead: { servers: [{ address: 127.0.0.1:%d }], retries: 0 }
                """.formatted(deadPort))) {
            HttpResponse<String> badGateway = proxy.get("/app/x");
            assertThat(badGateway.statusCode()).isEqualTo(502);
            assertThat(badGateway.body()).isEqualTo("<h1>upstream down on edge-9</h1>");
            assertThat(badGateway.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            HttpResponse<String> notFound = proxy.get("/elsewhere");
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("nothing at /elsewhere");
        }
    }
}
