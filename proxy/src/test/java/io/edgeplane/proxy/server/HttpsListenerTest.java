package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyFormat.TRADITIONAL;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static io.edgeplane.proxy.tls.TestPki.KeyType.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.proxy.tls.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS listeners end to end: SNI, https as the scheme, client certificates, bad files, plain HTTP on the port. */
class HttpsListenerTest {

    static TestPki pki;
    static TestPki.Issued intermediate;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Edge Test Root");
        intermediate = pki.intermediate("Edge Test Intermediate", pki.root());
    }

    static String listener(String tls) {
        return """
                proxy:
                  listeners:
                    - name: secure
                      listen: [127.0.0.1:0]
                      tls: %s
                      routes:
                        - respond: { body: "$scheme $host\\n" }
                """.formatted(tls);
    }

    static int port(ProxyHarness proxy) {
        return URI.create(proxy.url(0)).getPort();
    }

    @Test
    void sniPicksExactWildcardOrTheDefaultCertificate() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        TestPki.writeBundle(certs.resolve("0-default.pem"), pki.leaf(EC, intermediate, "default.test", "localhost"), PKCS8);
        TestPki.writePair(certs.resolve("api.pem"), certs.resolve("api.key"), pki.leaf(RSA, intermediate, "api.test"), TRADITIONAL);
        TestPki.writeBundle(certs.resolve("apps.pem"), pki.leaf(EC, intermediate, "*.apps.test"), TRADITIONAL);
        // A fresh client each time: a JDK client resuming a session sends that session's SNI name, not the one asked for.
        java.util.concurrent.Callable<SSLContext> fresh = () -> pki.clientContext(null);

        try (ProxyHarness proxy = new ProxyHarness(listener(certs.toString()))) {
            assertThat(proxy.url(0)).startsWith("https://127.0.0.1:");
            int port = port(proxy);

            TlsClient.Answer api = TlsClient.get(fresh.call(), port, "api.test", "/");
            assertThat(api.subject()).isEqualTo("CN=api.test");
            assertThat(api.response()).startsWith("HTTP/1.1 200 ").endsWith("https api.test\n");
            assertThat(TlsClient.get(fresh.call(), port, "API.Test", "/").subject()).isEqualTo("CN=api.test");
            assertThat(TlsClient.get(fresh.call(), port, "x.apps.test", "/").subject()).isEqualTo("CN=*.apps.test");
            assertThat(TlsClient.get(fresh.call(), port, "a.b.apps.test", "/").subject()).isEqualTo("CN=default.test");
            assertThat(TlsClient.get(fresh.call(), port, "apps.test", "/").subject()).isEqualTo("CN=default.test");
            assertThat(TlsClient.get(fresh.call(), port, "unknown.test", "/").subject()).isEqualTo("CN=default.test");
            assertThat(TlsClient.get(fresh.call(), port, null, "/").subject()).isEqualTo("CN=default.test");
            assertThat(proxy.meters.get("edgeplane.proxy.tls.certificate.expiry.days").tags("listener", "secure", "subject", "api.test")
                    .gauge().value()).isBetween(89.0, 90.0);
            assertThat(proxy.meters.get("edgeplane.proxy.tls.provider").gauge().getId().getTag("provider")).isIn("openssl", "jdk");
        }
    }

    @Test
    void aJdkHttpClientGetsHttpsWithTheChainAndUpstreamsSeeHttps() throws Exception {
        TestPki.writeBundle(dir.resolve("site.pem"), pki.leaf(RSA, intermediate, "localhost"), TRADITIONAL);
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - name: secure
                           listen: [127.0.0.1:0]
                           tls: { certificates: [{ cert: %s }] }
                           routes: [{ upstream: app }]
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(dir.resolve("site.pem"), app.address()));
             HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port(proxy) + "/echo")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).as("ALPN chose h2").isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).contains("h:x-forwarded-proto=https");
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void clientCertificatesRequiredOrOptional() throws Exception {
        TestPki clients = new TestPki("Client Root");
        TestPki.Issued alice = clients.leaf(EC, clients.root(), "alice");
        TestPki.Issued mallory = pki.leaf(EC, pki.root(), "mallory");
        TestPki.write(dir.resolve("clients-ca.pem"), TestPki.pem(java.util.List.of(clients.root().certificate())));
        TestPki.writeBundle(dir.resolve("site.pem"), pki.leaf(EC, pki.root(), "localhost"), PKCS8);
        String tls = "{ certificates: [{ cert: %s }], client_auth: { ca: %s, mode: %s } }";

        try (ProxyHarness proxy = new ProxyHarness(listener(tls.formatted(dir.resolve("site.pem"), dir.resolve("clients-ca.pem"),
                "required")))) {
            int port = port(proxy);
            assertThat(TlsClient.get(pki.clientContext(alice), port, "localhost", "/").response()).startsWith("HTTP/1.1 200 ");
            assertThatThrownBy(() -> TlsClient.get(pki.clientContext(null), port, "localhost", "/")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> TlsClient.get(pki.clientContext(mallory), port, "localhost", "/")).isInstanceOf(IOException.class);

            proxy.apply(listener(tls.formatted(dir.resolve("site.pem"), dir.resolve("clients-ca.pem"), "optional")));
            assertThat(TlsClient.get(pki.clientContext(null), port, "localhost", "/").response()).startsWith("HTTP/1.1 200 ");
            assertThat(TlsClient.get(pki.clientContext(alice), port, "localhost", "/").response()).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void selfSignedServesTheRoutesNamesAndLocalhost() throws Exception {
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: dev
                      listen: [127.0.0.1:0]
                      tls: self-signed
                      routes:
                        - match: { host: [app.test, "*.preview.test"] }
                          respond: { body: "app\\n" }
                        - respond: { body: "other\\n" }
                """)) {
            TlsClient.Answer answer = TlsClient.get(TrustAll.context(), port(proxy), "app.test", "/");

            assertThat(answer.response()).endsWith("app\n");
            assertThat(answer.certificate().getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
                    .contains("app.test", "*.preview.test", "localhost", "127.0.0.1");
        }
    }

    @Test
    void aBadFileFailsPrepareWithItsNameAndTheRunningListenerStays() throws Exception {
        TestPki.writeBundle(dir.resolve("good.pem"), pki.leaf(EC, pki.root(), "localhost"), PKCS8);
        TestPki.write(dir.resolve("cert.pem"), TestPki.pem(java.util.List.of(pki.leaf(EC, pki.root(), "x.test").certificate())));
        TestPki.write(dir.resolve("other.key"), TestPki.pem(pki.keyPair(EC), PKCS8));
        SSLContext client = pki.clientContext(null);
        try (ProxyHarness proxy = new ProxyHarness(listener("{ certificates: [{ cert: " + dir.resolve("good.pem") + " }] }"))) {
            int port = port(proxy);

            assertThatThrownBy(() -> proxy.apply(listener("{ certificates: [{ cert: " + dir.resolve("missing.pem") + " }] }")))
                    .isInstanceOf(ServiceException.class)
                    .hasMessage("proxy: listener secure: tls: " + dir.resolve("missing.pem") + ": no such file");
            assertThatThrownBy(() -> proxy.apply(listener("{ certificates: [{ cert: %s, key: %s }] }"
                    .formatted(dir.resolve("cert.pem"), dir.resolve("other.key")))))
                    .isInstanceOf(ServiceException.class)
                    .hasMessage("proxy: listener secure: tls: " + dir.resolve("cert.pem")
                            + ": the private key does not match the certificate (CN=x.test)");

            assertThat(TlsClient.get(client, port, "localhost", "/").response()).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void plainHttpOnTheTlsPortIsDroppedAndCounted() throws Exception {
        TestPki.writeBundle(dir.resolve("site.pem"), pki.leaf(EC, pki.root(), "localhost"), PKCS8);
        try (ProxyHarness proxy = new ProxyHarness(listener("{ certificates: [{ cert: " + dir.resolve("site.pem") + " }] }"))) {
            int port = port(proxy);
            try (RawHttpClient raw = new RawHttpClient(port, 5000)) {
                raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttpClient.Response response;
                try {
                    response = raw.readResponse();
                } catch (IOException e) {
                    response = null;
                }
                assertThat(response == null || !response.statusLine().startsWith("HTTP/")).isTrue();
            }
            assertThat(TlsClient.get(pki.clientContext(null), port, "localhost", "/").response()).startsWith("HTTP/1.1 200 ");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (proxy.meters.get("edgeplane.proxy.tls.handshake.failures").tags("reason", "not_tls").counter().count() < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(proxy.meters.get("edgeplane.proxy.tls.handshake.failures").tags("listener", "secure", "reason", "not_tls")
                    .counter().count()).isEqualTo(1.0);
        }
    }
}
