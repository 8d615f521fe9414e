package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.proxy.HeaderEditsConfig;
import io.edgeplane.proxy.http.HeaderEdits;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener's response edits (HSTS and the other headers security scanners look for) are on every answer
 * edgeplane makes itself, errors included, as nginx's {@code add_header ... always} and Caddy's
 * {@code header} put them; a route's edits are on every answer of its route. Variables that need a request
 * are empty on answers to requests refused before routing. The framing headers are never edited.
 */
class ResponseEditsTest {

    static final String HSTS = "max-age=63072000; includeSubDomains";

    static final String CONFIG = """
            node: { name: edge-7 }
            proxy:
              listeners:
                - name: web
                  listen: [127.0.0.1:0]
                  limits: { max_body_size: 16B, max_header_size: 1KiB, header_timeout: 400ms }
                  headers:
                    response:
                      set:
                        Strict-Transport-Security: "%s"
                        X-Frame-Options: DENY
                        X-Served-By: "$node_name/$listener"
                        X-Path: "$uri"
                  routes:
                    - name: static
                      match: { path_prefix: /static/ }
                      files: { root: "%s" }
                      strip_prefix: true
                      headers: { response: { set: { Cache-Control: "public, max-age=60" } } }
                    - { name: closed, match: { path_prefix: /closed/ }, upstream: closed }
                    - { name: silent, match: { path_prefix: /silent/ }, upstream: silent }
              upstreams:
                closed: { servers: [{ address: "127.0.0.1:%d" }], retries: 0 }
                silent: { servers: [{ address: "127.0.0.1:%d" }], timeouts: { response: 300ms } }
            """;

    @TempDir
    static Path root;

    /** Bound but never accepting: connections open (the kernel's backlog takes them) and nothing answers. */
    private static ServerSocket silent;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        silent = new ServerSocket(0);
        proxy = new ProxyHarness(CONFIG.formatted(HSTS, root, closedPort, silent.getLocalPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.url(0) + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return proxy.send(request);
    }

    private static void assertListenerEdits(HttpResponse<String> response, String path) {
        assertThat(response.headers().firstValue("strict-transport-security")).as("HSTS on a " + response.statusCode())
                .hasValue(HSTS);
        assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(response.headers().firstValue("x-served-by")).hasValue("edge-7/web");
        assertThat(response.headers().firstValue("x-path")).hasValue(path);
    }

    private static void assertListenerEdits(RawHttpClient.Response response) {
        assertThat(response.header("strict-transport-security")).as("HSTS on " + response.statusLine()).isEqualTo(HSTS);
        assertThat(response.header("x-frame-options")).isEqualTo("DENY");
        // The connection's variables are known; the request's are not trusted, so $uri is empty.
        assertThat(response.header("x-served-by")).isEqualTo("edge-7/web");
        assertThat(response.header("x-path")).isEmpty();
        assertThat(response.header("connection")).isEqualTo("close");
        assertThat(Integer.parseInt(response.header("content-length"))).isEqualTo(response.body().length());
    }

    @Test
    void staticFilesCarryTheListenersAndTheRoutesEdits() throws Exception {
        HttpResponse<String> file = get("/static/hello.txt");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("hello\n");
        assertListenerEdits(file, "/static/hello.txt");
        assertThat(file.headers().firstValue("cache-control")).hasValue("public, max-age=60");
        assertThat(file.headers().firstValue("content-length")).hasValue("6");

        String etag = file.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> notModified = get("/static/hello.txt", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertListenerEdits(notModified, "/static/hello.txt");
        assertThat(notModified.headers().firstValue("cache-control")).hasValue("public, max-age=60");

        HttpResponse<String> partial = get("/static/hello.txt", "Range", "bytes=0-1");
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.body()).isEqualTo("he");
        assertListenerEdits(partial, "/static/hello.txt");

        HttpResponse<String> unsatisfiable = get("/static/hello.txt", "Range", "bytes=100-200");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertListenerEdits(unsatisfiable, "/static/hello.txt");

        HttpResponse<String> missing = get("/static/missing.txt");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertListenerEdits(missing, "/static/missing.txt");
        assertThat(missing.headers().firstValue("cache-control")).hasValue("public, max-age=60");
    }

    @Test
    void noRouteIs404WithTheListenersEditsOnly() throws Exception {
        HttpResponse<String> response = get("/nowhere?x=1");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 Not Found\n");
        assertListenerEdits(response, "/nowhere");
        assertThat(response.headers().firstValue("cache-control")).isEmpty();
    }

    @Test
    void upstreamFailuresCarryTheEdits() throws Exception {
        HttpResponse<String> refused = get("/closed/x");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertListenerEdits(refused, "/closed/x");

        HttpResponse<String> timedOut = get("/silent/x");
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertListenerEdits(timedOut, "/silent/x");
    }

    @Test
    void refusalsBeforeRoutingCarryTheListenersEdits() throws Exception {
        int port = URI.create(proxy.url(0)).getPort();
        String host = "Host: x\r\n";
        record Refusal(int status, String why, String raw) {
        }
        List<Refusal> refusals = List.of(
                new Refusal(400, "two Host headers", "GET /a HTTP/1.1\r\n" + host + "Host: y\r\n\r\n"),
                new Refusal(400, "a folded header line", "GET /a HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n\r\n"),
                new Refusal(413, "a Content-Length over the limit", "POST /a HTTP/1.1\r\n" + host + "Content-Length: 100\r\n\r\n"),
                new Refusal(414, "a long request line", "GET /" + "a".repeat(9 * 1024) + " HTTP/1.1\r\n" + host + "\r\n"),
                new Refusal(431, "a large header section", "GET /a HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(2048) + "\r\n\r\n"),
                new Refusal(408, "a header section that never ends", "GET /a HTTP/1.1\r\n"));
        for (Refusal refusal : refusals) {
            try (RawHttpClient client = new RawHttpClient(port, 5000)) {
                client.send(refusal.raw());
                RawHttpClient.Response response = client.readResponse();
                assertThat(response).as(refusal.why()).isNotNull();
                assertThat(response.statusLine()).as(refusal.why()).startsWith("HTTP/1.1 " + refusal.status() + " ");
                assertListenerEdits(response);
                assertThat(client.readToEof()).isEmpty();
            }
        }
    }

    @Test
    void framingHeadersCannotBeEdited() {
        for (String yaml : List.of(
                "headers: { response: { set: { Content-Length: \"1\" } } }",
                "headers: { response: { remove: [Transfer-Encoding] } }",
                "headers: { response: { add: { Connection: keep-alive } } }",
                "headers: { request: { set: { Transfer-Encoding: chunked } } }")) {
            assertThatThrownBy(() -> proxy.apply("""
                    proxy:
                      listeners:
                        - { name: web, listen: [127.0.0.1:0], %s, routes: [{ respond: { body: ok } }] }
                    """.formatted(yaml)))
                    .as(yaml).isInstanceOf(InvalidConfigException.class).hasMessageContaining("set by edgeplane itself");
        }
        // Past the check, compiling such an edit fails rather than sending a body of another length.
        assertThatThrownBy(() -> HeaderEdits.compile(new HeaderEditsConfig(List.of(), Map.of("content-length", "1"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content-length");
    }
}
