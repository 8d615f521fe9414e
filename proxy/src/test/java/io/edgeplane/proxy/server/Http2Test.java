package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.interop.Interop;
import io.edgeplane.proxy.tls.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 end to end with real clients: curl (h2c with prior knowledge, h2 over TLS by ALPN) and the JDK's
 * HttpClient; requests go through the same routes, headers and upstream pools as HTTP/1.1 ones.
 */
class Http2Test {

    static TestPki pki;

    @TempDir
    static Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("H2 Test Root");
        TestPki.writeBundle(dir.resolve("site.pem"), pki.leaf(EC, pki.root(), "localhost", "h2.test"), PKCS8);
        TestPki.write(dir.resolve("root.pem"), TestPki.pem(List.of(pki.root().certificate())));
        Files.writeString(Files.createDirectories(dir.resolve("www")).resolve("big.txt"), "0123456789abcdef".repeat(64 * 1024));
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    static String tlsListener(String extra, String upstream) {
        return """
                proxy:
                  listeners:
                    - name: secure
                      listen: [127.0.0.1:0]
                      tls: { certificates: [{ cert: %s }] }
                      %s
                      headers:
                        response:
                          set: { X-Served-By: edge }
                      routes:
                        - match: { path_prefix: /files/ }
                          files: { root: %s }
                          strip_prefix: true
                        - match: { path: /local }
                          respond: { body: "local $scheme\\n" }
                        - upstream: app
                  upstreams:
                    app: { servers: [{ address: %s }] }
                """.formatted(dir.resolve("site.pem"), extra, dir.resolve("www"), upstream);
    }

    static int port(ProxyHarness proxy) {
        return URI.create(proxy.url(0)).getPort();
    }

    @Test
    void theJdkClientSpeaksHttp2OverTlsAndItsStreamsReachTheUpstreamAsHttp11() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(tlsListener("", app.address()));
             HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build()) {
            URI base = URI.create("https://localhost:" + port(proxy));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/echo?q=1"))
                    .header("Cookie", "a=1").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-served-by")).hasValue("edge");
            assertThat(response.headers().firstValue("x-upstream")).hasValue("app");
            assertThat(response.body()).contains("uri=/echo?q=1", "h:host=localhost:" + port(proxy), "h:x-forwarded-proto=https",
                    "h:cookie=a=1").doesNotContain("x-http2", "h:te=", "h:connection=upgrade", "h:upgrade=");

            // Many streams at once on the one connection, with bodies up.
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                posts.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/post/" + i))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000 + i))).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < posts.size(); i++) {
                HttpResponse<String> post = posts.get(i).get(20, TimeUnit.SECONDS);
                assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(post.body()).contains("method=POST", "uri=/post/" + i, "body=" + (1000 + i));
            }
            // Each is counted once its answer is out, which may be just after the client has it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (requestsCounted(proxy) < 41 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(requestsCounted(proxy)).isEqualTo(41);
        }
    }

    static double requestsCounted(ProxyHarness proxy) {
        return proxy.meters.get("edgeplane.proxy.requests").tags("listener", "secure").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void localAnswersAndFilesOverHttp2IncludingHead() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(tlsListener("", app.address()));
             HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build()) {
            URI base = URI.create("https://localhost:" + port(proxy));
            HttpResponse<String> local = client.send(HttpRequest.newBuilder(base.resolve("/local")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(local.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(local.body()).isEqualTo("local https\n");

            HttpResponse<String> file = client.send(HttpRequest.newBuilder(base.resolve("/files/big.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).hasSize(1024 * 1024).isEqualTo("0123456789abcdef".repeat(64 * 1024));

            HttpResponse<String> head = client.send(HttpRequest.newBuilder(base.resolve("/files/big.txt"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(1024 * 1024));
            assertThat(head.body()).isEmpty();

            HttpResponse<String> headLocal = client.send(HttpRequest.newBuilder(base.resolve("/local"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(headLocal.statusCode()).isEqualTo(200);
            assertThat(headLocal.body()).isEmpty();
        }
    }

    @Test
    void filesOverTlsWithHttp11ArriveWhole() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(tlsListener("http2: false", app.address()));
             HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build()) {
            HttpResponse<String> file = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port(proxy) + "/files/big.txt")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(file.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(file.body()).isEqualTo("0123456789abcdef".repeat(64 * 1024));
        }
    }

    @Test
    void curlNegotiatesH2ByAlpnAndHttp11WhenHttp2IsOff() throws Exception {
        Path curl = Interop.requireProgram("curl", "curl");
        try (TestUpstream app = new TestUpstream("app")) {
            for (boolean http2 : new boolean[] {true, false}) {
                try (ProxyHarness proxy = new ProxyHarness(tlsListener(http2 ? "" : "http2: false", app.address()))) {
                    String out = run(List.of(curl.toString(), "-sv", "--http2", "--max-time", "10", "--cacert",
                            dir.resolve("root.pem").toString(), "--resolve", "h2.test:" + port(proxy) + ":127.0.0.1",
                            "https://h2.test:" + port(proxy) + "/echo"));
                    if (http2) {
                        assertThat(out).contains("ALPN: server accepted h2", "< HTTP/2 200", "h:host=h2.test:");
                    } else {
                        assertThat(out).contains("ALPN: server accepted http/1.1", "< HTTP/1.1 200");
                    }
                }
            }
        }
    }

    @Test
    void priorKnowledgeOnAPlainListenerThatSpeaksHttp2AndHttp11StillWorksThere() throws Exception {
        Path curl = Interop.requireProgram("curl", "curl");
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       access_log: { path: "%s", format: json }
                       listeners:
                         - name: plain
                           listen: [127.0.0.1:0]
                           http2: true
                           routes: [{ upstream: app }]
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(dir.resolve("h2c-access.log"), app.address()))) {
            String h2 = run(List.of(curl.toString(), "-sv", "--max-time", "10", "--http2-prior-knowledge",
                    "--data-binary", "hello", proxy.url(0) + "/up"));
            assertThat(h2).contains("< HTTP/2 200", "method=POST", "body=5", "h:x-forwarded-proto=http");

            String http11 = run(List.of(curl.toString(), "-sv", "--max-time", "10", "--http1.1", proxy.url(0) + "/one"));
            assertThat(http11).contains("< HTTP/1.1 200", "uri=/one");

            // The access log says which protocol each client spoke, as nginx's $server_protocol does.
            Path log = dir.resolve("h2c-access.log");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((!Files.exists(log) || Files.readAllLines(log).size() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("\"protocol\":\"HTTP/2.0\"", "\"uri\":\"/up\"");
            assertThat(lines.get(1)).contains("\"protocol\":\"HTTP/1.1\"", "\"uri\":\"/one\"");
        }
    }

    @Test
    void aPlainListenerSpeaksNoHttp2UnlessAsked() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: plain
                      listen: [127.0.0.1:0]
                      routes: [{ respond: { body: "ok\\n" } }]
                """); H2Wire wire = new H2Wire(port(proxy))) {
            // The preface read as HTTP/1: refused, never answered with HTTP/2 frames.
            byte[] answer = wire.input().readNBytes(12);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 ");
        }
    }
}
