package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.stats.CheckResult;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.ServerStats;
import io.edgeplane.proxy.stats.StateChange;
import io.edgeplane.proxy.tls.TestPki;
import io.edgeplane.proxy.tls.TlsProvider;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Active health checks of a pool with TLS, as HAProxy's {@code check check-ssl}: every check makes the handshake a
 * request would (verification, SNI, client certificate), an HTTP check goes over it, and a server whose TLS is
 * broken is DOWN however well it accepts TCP connections. With each TLS provider on the proxy's side.
 */
class TlsHealthCheckTest {

    static TestPki pki;
    static TestPki strangers;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Health Check Test Root");
        strangers = new TestPki("Someone Else's Root");
    }

    static Stream<TlsProvider> providers() {
        return OpenSsl.isAvailable() ? Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL) : Stream.of(TlsProvider.JDK);
    }

    static SslContextBuilder server(TestPki.Issued certificate) {
        return SslContextBuilder.forServer(certificate.key(), TestPki.chain(certificate))
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    Path caFile() throws Exception {
        return TestPki.write(dir.resolve("ca.pem"), TestPki.pem(List.of(pki.root().certificate())));
    }

    /** One listener routed to the first pool; each pool as {@code name: { ... }} YAML flow text. */
    static String config(String... pools) {
        StringBuilder yaml = new StringBuilder("""
                proxy:
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      routes: [{ upstream: %s }]
                  upstreams:
                """.formatted(pools[0].substring(0, pools[0].indexOf(':'))));
        for (String pool : pools) {
            yaml.append("    ").append(pool).append('\n');
        }
        return yaml.toString();
    }

    static double up(ProxyHarness proxy, String pool, String server) {
        return proxy.meters.get("edgeplane.proxy.upstream.up").tags("pool", pool, "server", server).gauge().value();
    }

    static ServerStats stats(ProxyHarness proxy, String pool, String server) {
        return proxy.service.control().pool(pool).orElseThrow().servers().stream()
                .filter(s -> s.name().equals(server)).findFirst().orElseThrow();
    }

    static CheckResult lastCheck(ProxyHarness proxy, String pool, String server) {
        return stats(proxy, pool, server).check().orElseThrow();
    }

    static boolean checked(ProxyHarness proxy, String pool, String server, boolean passed) {
        return stats(proxy, pool, server).check().map(check -> check.passed() == passed).orElse(false);
    }

    /** Waits for a check of {@code server} whose detail starts so: a slow machine's timeout may come before it. */
    static CheckResult awaitCheck(ProxyHarness proxy, String pool, String server, String detail) throws InterruptedException {
        HealthCheckTest.await(() -> stats(proxy, pool, server).check().map(c -> c.detail().startsWith(detail)).orElse(false),
                Duration.ofSeconds(3));
        return lastCheck(proxy, pool, server);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void httpChecksGoOverTheTlsOfRequestsAndJudgeTheStatus(TlsProvider provider) throws Exception {
        TestPki clients = new TestPki("Client Root");
        TestPki.writeBundle(dir.resolve("client.pem"), clients.leaf(EC, clients.root(), "edge-client"), PKCS8);
        SslContext mutual = server(pki.leaf(EC, pki.root(), "api.internal"))
                .trustManager(clients.root().certificate()).clientAuth(ClientAuth.REQUIRE).build();
        String tls = "tls: { ca: " + caFile() + ", server_name: api.internal, certificate: { cert: "
                + dir.resolve("client.pem") + " } }";
        String pool = "{ servers: [{ address: %s }], %s, "
                + "health: { http: /status/%d, interval: %s, timeout: %s, fall: %d, rise: 1 } }";
        try (TestUpstream api = TestUpstream.tls("api", mutual, false);
             ProxyHarness proxy = new ProxyHarness(config(
                     // fall: 5, so that the slow first handshakes of a cold JVM cannot take the good one DOWN.
                     "good: " + pool.formatted(api.address(), tls, 200, "200ms", "200ms", 5),
                     "bad: " + pool.formatted(api.address(), tls, 503, "100ms", "100ms", 1)), provider)) {
            HealthCheckTest.await(() -> up(proxy, "bad", api.address()) == 0.0, Duration.ofSeconds(3));
            HealthCheckTest.await(() -> checked(proxy, "good", api.address(), true), Duration.ofSeconds(3));
            Thread.sleep(500);

            assertThat(awaitCheck(proxy, "bad", api.address(), "HTTP 503").detail()).isEqualTo("HTTP 503, expected 200-399");
            assertThat(stats(proxy, "bad", api.address()).state()).isEqualTo(ServerState.DOWN);
            assertThat(awaitCheck(proxy, "good", api.address(), "HTTP").detail()).isEqualTo("HTTP 200");
            assertThat(up(proxy, "good", api.address())).isEqualTo(1.0);
            assertThat(stats(proxy, "good", api.address()).history()).extracting(StateChange::to)
                    .doesNotContain(ServerState.DOWN);
            // The checks made the handshake requests make: the server's name in SNI, the client certificate shown.
            assertThat(api.requests.get()).isGreaterThanOrEqualTo(3);
            assertThat(api.sniNames).isNotEmpty().containsOnly("api.internal");
            assertThat(api.clientCertificates).isNotEmpty().containsOnly("CN=edge-client");
            assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aServerWhoseCertificateDoesNotVerifyIsDownThoughItAcceptsConnections(TlsProvider provider) throws Exception {
        try (TestUpstream good = TestUpstream.tls("good", server(pki.leaf(EC, pki.root(), "127.0.0.1")).build(), false);
             TestUpstream stranger = TestUpstream.tls("stranger",
                     server(strangers.leaf(EC, strangers.root(), "127.0.0.1")).build(), false);
             TestUpstream misnamed = TestUpstream.tls("misnamed",
                     server(pki.leaf(EC, pki.root(), "other.internal")).build(), false);
             ProxyHarness proxy = new ProxyHarness(config(
                     "app: { servers: [{ address: %s }, { address: %s }, { address: %s }], tls: { ca: %s }, "
                             .formatted(good.address(), stranger.address(), misnamed.address(), caFile())
                             // fall: 3 at 200ms: a cold JVM's slow first handshakes must not take the good one DOWN.
                             + "health: { http: /status/200, interval: 200ms, timeout: 200ms, fall: 3, rise: 1 } }"),
                     provider)) {
            HealthCheckTest.await(() -> up(proxy, "app", stranger.address()) == 0.0
                    && up(proxy, "app", misnamed.address()) == 0.0, Duration.ofSeconds(3));
            HealthCheckTest.await(() -> up(proxy, "app", good.address()) == 1.0
                    && checked(proxy, "app", good.address(), true), Duration.ofSeconds(3));

            assertThat(awaitCheck(proxy, "app", stranger.address(), "TLS handshake with").detail()).contains("(untrusted)");
            assertThat(awaitCheck(proxy, "app", misnamed.address(), "TLS with").detail())
                    .contains("the certificate is for").endsWith("not 127.0.0.1");
            assertThat(stats(proxy, "app", stranger.address()).history()).last().extracting(StateChange::reason).asString()
                    .contains("TLS");
            assertThat(awaitCheck(proxy, "app", good.address(), "HTTP").detail()).isEqualTo("HTTP 200");
            // TCP connected every time, and no check request was sent over a connection to the wrong server.
            assertThat(stranger.connections.get()).isGreaterThanOrEqualTo(2);
            assertThat(misnamed.connections.get()).isGreaterThanOrEqualTo(2);
            assertThat(stranger.requests).hasValue(0);
            assertThat(misnamed.requests).hasValue(0);
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/echo").body()).contains("upstream=good");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aTcpCheckOfATlsPoolFailsAServerThatDoesNotSpeakTls(TlsProvider provider) throws Exception {
        try (TestUpstream plain = new TestUpstream("plain");
             TestUpstream good = TestUpstream.tls("good", server(pki.leaf(EC, pki.root(), "127.0.0.1")).build(), false);
             ProxyHarness proxy = new ProxyHarness(config(
                     "app: { servers: [{ address: %s }, { address: %s }], tls: { ca: %s }, "
                             .formatted(plain.address(), good.address(), caFile())
                             + "health: { interval: 100ms, timeout: 100ms, fall: 1, rise: 1 } }"), provider)) {
            HealthCheckTest.await(() -> up(proxy, "app", plain.address()) == 0.0, Duration.ofSeconds(3));
            HealthCheckTest.await(() -> up(proxy, "app", good.address()) == 1.0
                    && checked(proxy, "app", good.address(), true), Duration.ofSeconds(3));

            assertThat(plain.connections.get()).isPositive();
            assertThat(awaitCheck(proxy, "app", plain.address(), "TLS handshake with").detail()).contains("(not_tls)");
            assertThat(awaitCheck(proxy, "app", good.address(), "TLS handshake ok").detail())
                    .startsWith("TLS handshake ok (TLSv1.");
            // The server records its side of the handshake a moment after the check has seen its own: wait for it.
            HealthCheckTest.await(() -> !good.sessionIds.isEmpty(), Duration.ofSeconds(3));
            // A TCP check sends no request, over TLS or not.
            assertThat(good.requests).hasValue(0);
            assertThat(good.sessionIds).isNotEmpty();
        }
    }
}
