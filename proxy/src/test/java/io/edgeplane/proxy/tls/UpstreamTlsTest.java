package io.edgeplane.proxy.tls;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.proxy.CertificateConfig;
import io.edgeplane.config.proxy.UpstreamTlsConfig;
import io.edgeplane.config.value.HostPort;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream pool's TLS without the proxy: whom each server must be, SNI on the engine, failures named, files. */
class UpstreamTlsTest {

    static TestPki pki;
    private static final Executor NEVER = task -> {
        throw new AssertionError("nothing is watched here");
    };
    private static final InetSocketAddress REMOTE = new InetSocketAddress("10.0.0.5", 8443);

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Upstream Unit Root");
    }

    static UpstreamTlsConfig config(boolean verify, Optional<String> ca, Optional<String> serverName,
                                    Optional<CertificateConfig> certificate, boolean sessionReuse) {
        return new UpstreamTlsConfig(verify, ca, serverName, certificate, List.of(), sessionReuse, Duration.ZERO);
    }

    static UpstreamTls plain() throws TlsSetupException {
        return UpstreamTls.prepare("api", config(true, Optional.empty(), Optional.empty(), Optional.empty(), true),
                TlsProvider.JDK, NEVER);
    }

    @Test
    void theServerNameWinsElseTheServersOwnNameElseItsAddress() throws Exception {
        UpstreamTls named = UpstreamTls.prepare("api", config(true, Optional.empty(), Optional.of("api.internal"), Optional.empty(), true),
                TlsProvider.JDK, NEVER);
        UpstreamTls own = plain();

        assertThat(named.peer(HostPort.parse("10.0.0.5:443")))
                .isEqualTo(new TlsPeer(Optional.of("api.internal"), Optional.of(new SNIHostName("api.internal"))));
        assertThat(own.peer(HostPort.parse("app.internal:443")))
                .isEqualTo(new TlsPeer(Optional.of("app.internal"), Optional.of(new SNIHostName("app.internal"))));
        assertThat(own.peer(HostPort.parse("10.0.0.5:443"))).isEqualTo(new TlsPeer(Optional.empty(), Optional.empty()));
        assertThat(own.peer(HostPort.parse("[2001:db8::1]:443"))).isEqualTo(new TlsPeer(Optional.empty(), Optional.empty()));
        // A container's name: verified, but SNI cannot carry an underscore.
        assertThat(own.peer(HostPort.parse("my_app:443"))).isEqualTo(new TlsPeer(Optional.of("my_app"), Optional.empty()));
    }

    @Test
    void eachEngineSendsItsServersNameAndIsKeyedByTheAddressForResumption() throws Exception {
        UpstreamTls tls = plain();
        SslHandler handler = tls.newHandler(ByteBufAllocator.DEFAULT, tls.peer(HostPort.parse("app.internal:443")), REMOTE,
                Duration.ofSeconds(2));

        assertThat(handler.engine().getUseClientMode()).isTrue();
        assertThat(handler.engine().getPeerHost()).isEqualTo("10.0.0.5");
        assertThat(handler.engine().getPeerPort()).isEqualTo(8443);
        assertThat(handler.engine().getSSLParameters().getServerNames()).containsExactly(new SNIHostName("app.internal"));
        assertThat(handler.getHandshakeTimeoutMillis()).isEqualTo(2000);

        SslHandler unnamed = tls.newHandler(ByteBufAllocator.DEFAULT, tls.peer(HostPort.parse("10.0.0.5:8443")), REMOTE,
                Duration.ofSeconds(2));
        assertThat(unnamed.engine().getSSLParameters().getServerNames()).isNullOrEmpty();
    }

    @Test
    void withoutSessionReuseAnEngineHasNoPeerToKeyASessionBy() throws Exception {
        UpstreamTls tls = UpstreamTls.prepare("api", config(true, Optional.empty(), Optional.empty(), Optional.empty(), false),
                TlsProvider.JDK, NEVER);
        SslHandler handler = tls.newHandler(ByteBufAllocator.DEFAULT, tls.peer(HostPort.parse("app.internal:443")), REMOTE,
                Duration.ofSeconds(2));

        assertThat(handler.engine().getPeerHost()).isNull();
        assertThat(handler.engine().getSSLParameters().getServerNames()).containsExactly(new SNIHostName("app.internal"));
    }

    @Test
    void failuresAreNamedByWhatTheyFailedOn() throws Exception {
        UpstreamTls tls = plain();
        TlsPeer peer = tls.peer(HostPort.parse("app.internal:8443"));

        UpstreamTlsException untrusted = tls.failure(new SSLHandshakeException("General OpenSslEngine problem")
                .initCause(new CertificateException("PKIX path building failed: unable to find valid certification path")), peer, REMOTE);
        assertThat(untrusted.reason()).isEqualTo("untrusted");
        assertThat(untrusted.getMessage()).isEqualTo("TLS handshake with 10.0.0.5:8443 (app.internal) failed (untrusted):"
                + " PKIX path building failed: unable to find valid certification path");
        assertThat(tls.failure(new SSLHandshakeException("x").initCause(new CertificateException("y",
                new java.security.cert.CertificateExpiredException("NotAfter: ..."))), peer, REMOTE).reason()).isEqualTo("expired");
        assertThat(tls.failure(new NotSslRecordException("not an SSL/TLS record: " + "48".repeat(500)), peer, REMOTE))
                .satisfies(e -> assertThat(e.reason()).isEqualTo("not_tls"))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).endsWith("..."));
        assertThat(tls.failure(new SslHandshakeTimeoutException("handshake timed out after 2000ms"), peer, REMOTE).reason())
                .isEqualTo("timeout");
        assertThat(tls.failure(new SSLHandshakeException("Received fatal alert: handshake_failure"), peer, REMOTE).reason())
                .isEqualTo("failed");
    }

    @Test
    void filesThatCannotBeUsedAreNamed() throws Exception {
        Path missing = dir.resolve("ca.pem");
        assertThatThrownBy(() -> UpstreamTls.prepare("api", config(true, Optional.of(missing.toString()), Optional.empty(),
                Optional.empty(), true), TlsProvider.JDK, NEVER))
                .isInstanceOf(TlsSetupException.class).hasMessage(missing + ": no such file");

        TestPki.Issued client = pki.leaf(EC, pki.root(), "edge-client");
        TestPki.Issued other = pki.leaf(EC, pki.root(), "other");
        Path cert = TestPki.write(dir.resolve("client.pem"), TestPki.pem(TestPki.chain(client)));
        Path key = TestPki.write(dir.resolve("other.key"), TestPki.pem(other.keys(), PKCS8));
        assertThatThrownBy(() -> UpstreamTls.prepare("api", config(true, Optional.empty(), Optional.empty(),
                Optional.of(new CertificateConfig(Optional.empty(), Optional.of(cert.toString()), Optional.of(key.toString()))), true),
                TlsProvider.JDK, NEVER))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("the private key does not match the certificate");
    }
}
