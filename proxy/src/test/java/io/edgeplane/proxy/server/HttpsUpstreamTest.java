package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.proxy.tls.TestPki;
import io.edgeplane.proxy.tls.TlsProvider;
import io.edgeplane.proxy.tls.UpstreamTlsException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTPS to upstreams, end to end over real sockets, with each TLS provider on the proxy's side: verification
 * against a CA file, the name checked, SNI, keep-alive and resumed sessions, client certificates, the PROXY
 * header before TLS, and every refusal a 502 with its reason counted.
 */
class HttpsUpstreamTest {

    static TestPki pki;
    static TestPki.Issued intermediate;
    static TestPki strangers;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Upstream Test Root");
        intermediate = pki.intermediate("Upstream Test Intermediate", pki.root());
        strangers = new TestPki("Someone Else's Root");
    }

    static Stream<TlsProvider> providers() {
        return OpenSsl.isAvailable() ? Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL) : Stream.of(TlsProvider.JDK);
    }

    /** A server context for {@code certificate}; BoringSSL when it loads, so that both ends are not always the JDK. */
    static SslContextBuilder server(TestPki.Issued certificate) {
        return SslContextBuilder.forServer(certificate.key(), TestPki.chain(certificate))
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    static SslContext serverContext(TestPki.Issued certificate) throws Exception {
        return server(certificate).build();
    }

    /** The root of {@link #pki} as a CA file. */
    Path caFile() throws Exception {
        return TestPki.write(dir.resolve("ca.pem"), TestPki.pem(List.of(pki.root().certificate())));
    }

    static String config(String servers, String upstreamExtra) {
        return """
                proxy:
                  listeners:
                    - name: edge
                      listen: [127.0.0.1:0]
                      routes: [{ upstream: api }]
                  upstreams:
                    api:
                      servers: [%s]
                      timeouts: { connect: 2s }
                %s
                """.formatted(servers, upstreamExtra.indent(6).stripTrailing());
    }

    static String server(TestUpstream upstream) {
        return "{ address: " + upstream.address() + " }";
    }

    static double failures(ProxyHarness proxy, String reason) {
        return proxy.meters.get("edgeplane.proxy.upstream.tls.failures").tags("pool", "api", "reason", reason).counter().count();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verifiesTheCertificateWithTheCaFileAndSendsServerNameInSni(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, intermediate, "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }"), provider)) {
            HttpResponse<String> response = proxy.get("/echo");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("upstream=api").contains("uri=/echo");
            assertThat(api.sniNames).containsExactly("api.internal");
            assertThat(UpstreamTlsException.REASONS.stream().mapToDouble(reason -> failures(proxy, reason)).sum()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aServerGivenByAddressMustHaveThatAddressInItsCertificateAndGetsNoSni(TlsProvider provider) throws Exception {
        try (TestUpstream good = TestUpstream.tls("good", serverContext(pki.leaf(EC, pki.root(), "127.0.0.1")), false);
             TestUpstream named = TestUpstream.tls("named", serverContext(pki.leaf(EC, pki.root(), "api.internal")), false)) {
            try (ProxyHarness proxy = new ProxyHarness(config(server(good), "tls: { ca: " + caFile() + " }"), provider)) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
                assertThat(good.sniNames).containsExactly("");
            }
            try (ProxyHarness proxy = new ProxyHarness(config(server(named), "tls: { ca: " + caFile() + " }"), provider)) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
                assertThat(failures(proxy, "name_mismatch")).isEqualTo(1);
                assertThat(named.requests).hasValue(0);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void anUntrustedCertificateIsA502CountedAsUntrusted(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(strangers.leaf(EC, strangers.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }\nretries: 0"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
            assertThat(failures(proxy, "untrusted")).isEqualTo(1);
            assertThat(api.requests).hasValue(0);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theJdkTrustStoreDoesNotTrustAPrivateCa(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, pki.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api), "tls: true"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
            assertThat(failures(proxy, "untrusted")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aCertificateForAnotherNameIsA502CountedAsNameMismatch(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, intermediate, "other.internal", "*.api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
            assertThat(failures(proxy, "name_mismatch")).isEqualTo(1);
            assertThat(api.requests).hasValue(0);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void anExpiredCertificateIsA502CountedAsExpired(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.expiredLeaf(EC, pki.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
            assertThat(failures(proxy, "expired")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aPlainHttpServerIsA502CountedAsNotTls(TlsProvider provider) throws Exception {
        try (TestUpstream plain = new TestUpstream("plain");
             ProxyHarness proxy = new ProxyHarness(config(server(plain), "tls: { verify: false }"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
            assertThat(failures(proxy, "not_tls")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verifyFalseTakesAnyCertificateAndStillSendsTheServerName(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(strangers.expiredLeaf(EC, strangers.root(), "x.test")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api), "tls: { verify: false, server_name: api.internal }"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            assertThat(api.sniNames).containsExactly("api.internal");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aFailedHandshakeIsRetriedOnAnotherServerLikeAFailedConnect(TlsProvider provider) throws Exception {
        try (TestUpstream stranger = TestUpstream.tls("stranger", serverContext(strangers.leaf(EC, strangers.root(), "api.internal")), false);
             TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, pki.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(stranger) + ", " + server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }\nretries: 1"), provider)) {
            // Round robin goes on from the last pick, retries included: at least one request meets the stranger first.
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = proxy.get("/echo");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("upstream=api");
            }
            double retried = proxy.meters.get("edgeplane.proxy.upstream.retries").tags("pool", "api").counter().count();
            assertThat(retried).isPositive();
            assertThat(failures(proxy, "untrusted")).isEqualTo(retried);
            assertThat(stranger.requests).hasValue(0);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void keptAliveConnectionsCarryRequestAfterRequestOverOneHandshake(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, pki.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }"), provider)) {
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/echo?i=" + i).statusCode()).isEqualTo(200);
            }
            assertThat(api.requests).hasValue(5);
            assertThat(api.connections).hasValue(1);
            assertThat(api.sessionIds).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aNewConnectionResumesTheServersLastSessionUnlessSessionReuseIsOff(TlsProvider provider) throws Exception {
        // TLS 1.2, where a resumed session keeps its ID, which the server can see; max_idle 0: a connection per request.
        SslContext tls12 = server(pki.leaf(EC, pki.root(), "api.internal")).protocols("TLSv1.2").build();
        String keepNone = "keepalive: { max_idle: 0 }";
        try (TestUpstream api = TestUpstream.tls("api", tls12, false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }\n" + keepNone), provider)) {
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            }
            assertThat(api.connections).hasValue(3);
            assertThat(api.sessionIds).hasSize(3).containsOnly(api.sessionIds.getFirst());
        }
        try (TestUpstream api = TestUpstream.tls("api", tls12, false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal, session_reuse: false }\n" + keepNone), provider)) {
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            }
            assertThat(api.sessionIds).hasSize(3).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aClientCertificateForServersThatAskForOne(TlsProvider provider) throws Exception {
        TestPki clients = new TestPki("Client Root");
        TestPki.writeBundle(dir.resolve("client.pem"), clients.leaf(EC, clients.root(), "edge-client"), PKCS8);
        SslContext mutual = server(pki.leaf(EC, pki.root(), "api.internal"))
                .trustManager(clients.root().certificate()).clientAuth(ClientAuth.REQUIRE).build();
        try (TestUpstream api = TestUpstream.tls("api", mutual, false)) {
            try (ProxyHarness proxy = new ProxyHarness(config(server(api), "tls: { ca: " + caFile()
                    + ", server_name: api.internal, certificate: { cert: " + dir.resolve("client.pem") + " } }"), provider)) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
                assertThat(api.clientCertificates).containsExactly("CN=edge-client");
            }
            // TLS 1.3: the server refuses the missing certificate after the handshake; the connection is lost.
            try (ProxyHarness proxy = new ProxyHarness(config(server(api),
                    "tls: { ca: " + caFile() + ", server_name: api.internal }\nretries: 0"), provider)) {
                assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
                assertThat(api.requests).hasValue(1);
            }
        }
        SslContext mutual12 = server(pki.leaf(EC, pki.root(), "api.internal")).protocols("TLSv1.2")
                .trustManager(clients.root().certificate()).clientAuth(ClientAuth.REQUIRE).build();
        // TLS 1.2: within the handshake.
        try (TestUpstream api = TestUpstream.tls("api", mutual12, false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }\nretries: 0"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);
            assertThat(failures(proxy, "failed")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void thePROXYHeaderGoesBeforeTheHandshake(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, pki.root(), "api.internal")), true);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }\nsend_proxy: v2"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
            assertThat(api.proxiedClients).singleElement().asString().startsWith("127.0.0.1:");
            assertThat(api.sniNames).containsExactly("api.internal");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void anUpgradedConnectionTunnelsThroughTls(TlsProvider provider) throws Exception {
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, pki.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api),
                     "tls: { ca: " + caFile() + ", server_name: api.internal }"), provider)) {
            URI uri = URI.create(proxy.url(0));
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("GET /upgrade HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(SocketReads.readHead(in)).startsWith("HTTP/1.1 101");
                for (String message : new String[] {"hello", "bytes, encrypted on the way up"}) {
                    out.write(message.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(new String(in.readNBytes(message.length()), StandardCharsets.US_ASCII)).isEqualTo(message);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aChangedCaFileIsUsedByTheNextConnection(TlsProvider provider) throws Exception {
        Path ca = TestPki.write(dir.resolve("rotating-ca.pem"), TestPki.pem(List.of(strangers.root().certificate())));
        // A connection per request, so that each one shows the CA in use.
        try (TestUpstream api = TestUpstream.tls("api", serverContext(pki.leaf(EC, pki.root(), "api.internal")), false);
             ProxyHarness proxy = new ProxyHarness(config(server(api), "tls: { ca: " + ca
                     + ", server_name: api.internal, watch_interval: 100ms }\nretries: 0\nkeepalive: { max_idle: 0 }"), provider)) {
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(502);

            TestPki.write(ca, TestPki.pem(List.of(pki.root().certificate())));
            long deadline = System.nanoTime() + 5_000_000_000L;
            int status = 502;
            while (status != 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                status = proxy.get("/echo").statusCode();
            }
            assertThat(status).isEqualTo(200);

            // A broken file is not loaded: the CA in use stays.
            TestPki.write(ca, "-----BEGIN CERTIFICATE-----\nbroken\n");
            Thread.sleep(400);
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aCaFileThatCannotBeReadFailsTheStartWithItsName(TlsProvider provider) throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> new ProxyHarness(config("{ address: 127.0.0.1:1 }", "tls: { ca: " + missing + " }"), provider))
                .isInstanceOf(ServiceException.class)
                .hasMessage("proxy: upstream api: tls: " + missing + ": no such file");
        Path notPem = TestPki.write(dir.resolve("not.pem"), "not a certificate\n");
        assertThatThrownBy(() -> new ProxyHarness(config("{ address: 127.0.0.1:1 }", "tls: { ca: " + notPem + " }"), provider))
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("proxy: upstream api: tls: " + notPem + ": ");
    }
}
