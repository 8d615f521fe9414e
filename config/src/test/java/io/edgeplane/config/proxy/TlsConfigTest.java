package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A listener's {@code tls:} section: its shapes, defaults and the names it refuses before anything starts. */
class TlsConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private static String listener(String tls) {
        return """
                proxy:
                  listeners:
                    - name: web
                      listen: 127.0.0.1:0
                      tls: %s
                      routes: [{ respond: { status: 200 } }]
                """.formatted(tls.contains("\n") ? "\n" + tls.lines().map(line -> "        " + line)
                        .collect(java.util.stream.Collectors.joining("\n")) : tls);
    }

    private TlsConfig tls(String tls) {
        try {
            return loader.parse("f.yaml", listener(tls)).proxy().orElseThrow().listeners().getFirst().tls().orElseThrow();
        } catch (InvalidConfigException e) {
            throw new AssertionError("unexpected problems:\n" + e.getMessage(), e);
        }
    }

    private List<String> problems(String tls) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", listener(tls)));
        assertThat(e).as("an InvalidConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aDirectoryAloneTakesEveryDefault() {
        TlsConfig tls = tls("/etc/edgeplane/certs/");

        assertThat(tls.certificates()).containsExactly(
                new CertificateConfig(Optional.of("/etc/edgeplane/certs/"), Optional.empty(), Optional.empty()));
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.ciphers()).isEqualTo(TlsConfig.DEFAULT_CIPHERS);
        assertThat(tls.groups()).isEmpty();
        assertThat(tls.sessionTickets()).isFalse();
        assertThat(tls.sessionCache()).isEqualTo(new SessionCacheConfig(20000, Duration.ofMinutes(5)));
        assertThat(tls.clientAuth()).isEmpty();
        assertThat(tls.watchInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tls.selfSigned()).isFalse();
    }

    @Test
    void theSketchsSectionBinds() {
        TlsConfig tls = tls("""
                certificates:
                  - /etc/edgeplane/certs/
                  - { cert: /etc/edgeplane/site.pem, key: /etc/edgeplane/site.key }
                  - { cert: /etc/edgeplane/bundle.pem }
                protocols: [TLSv1.3]
                groups: [X25519, P-256]
                session_tickets: true
                session_cache: { size: 0, timeout: 1h }
                client_auth: { ca: /etc/edgeplane/clients-ca.pem, mode: optional }
                watch_interval: 0s""");

        assertThat(tls.certificates()).extracting(CertificateConfig::cert).containsExactly(
                Optional.empty(), Optional.of("/etc/edgeplane/site.pem"), Optional.of("/etc/edgeplane/bundle.pem"));
        assertThat(tls.certificates().get(1).key()).contains("/etc/edgeplane/site.key");
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThat(tls.groups()).containsExactly("X25519", "P-256");
        assertThat(tls.sessionTickets()).isTrue();
        assertThat(tls.sessionCache()).isEqualTo(new SessionCacheConfig(0, Duration.ofHours(1)));
        assertThat(tls.clientAuth()).contains(new ClientAuthConfig("/etc/edgeplane/clients-ca.pem", ClientAuthConfig.Mode.OPTIONAL));
        assertThat(tls.watchInterval()).isZero();
    }

    @Test
    void theSeedsCipherListBinds() {
        TlsConfig tls = tls("""
                certificates: /etc/edgeplane/certs/
                ciphers: [ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-AES256-GCM-SHA384, ECDHE-ECDSA-CHACHA20-POLY1305]""");

        assertThat(tls.ciphers()).containsExactly("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-CHACHA20-POLY1305");
        assertThat(tls.ciphers()).allSatisfy(name -> assertThat(CipherSuiteNames.iana(name)).isPresent());
    }

    @Test
    void selfSignedIsAPlainValue() {
        TlsConfig tls = tls("self-signed");

        assertThat(tls.selfSigned()).isTrue();
        assertThat(tls("{ certificates: self-signed, protocols: [TLSv1.3] }").selfSigned()).isTrue();
    }

    @Test
    void oldProtocolsAndUnknownNamesAreRefusedWithTheirPlace() {
        assertThat(problems("""
                certificates: /etc/c/
                protocols: [TLSv1.1, TLSv1.2, tls13]
                ciphers: [ECDHE-RSA-AES256-GCM-SHA384, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, RC4-MD5]
                groups: [X25519, brainpool]""")).containsExactly(
                "f.yaml:7:21: proxy.listeners[0].tls.protocols[0]: TLSv1.1 is not offered: it is broken or deprecated (RFC 8996)"
                        + " (expected: TLSv1.2 or TLSv1.3)",
                "f.yaml:7:39: proxy.listeners[0].tls.protocols[2]: 'tls13' is not a TLS protocol (expected: TLSv1.2 or TLSv1.3)",
                "f.yaml:8:48: proxy.listeners[0].tls.ciphers[1]: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 is an IANA name; write its"
                        + " OpenSSL name ECDHE-RSA-AES128-GCM-SHA256 (expected: an OpenSSL name such as ECDHE-ECDSA-AES256-GCM-SHA384"
                        + " or ECDHE-RSA-AES128-GCM-SHA256)",
                "f.yaml:8:87: proxy.listeners[0].tls.ciphers[2]: TLS_AES_256_GCM_SHA384 is a TLS 1.3 suite; TLS 1.3's suites are"
                        + " always on and are not listed here (expected: TLS 1.2 suites by OpenSSL name, such as"
                        + " ECDHE-RSA-AES256-GCM-SHA384)",
                "f.yaml:8:111: proxy.listeners[0].tls.ciphers[3]: 'RC4-MD5' is not a known TLS 1.2 cipher suite (expected: an"
                        + " OpenSSL name such as ECDHE-ECDSA-AES256-GCM-SHA384 or ECDHE-RSA-AES128-GCM-SHA256)",
                "f.yaml:9:26: proxy.listeners[0].tls.groups[1]: 'brainpool' is not a known key-exchange group"
                        + " (expected: one of X25519, P-256, P-384, P-521, X25519MLKEM768)");
    }

    @Test
    void certificateEntriesNeedOneSourceAndAbsolutePaths() {
        assertThat(problems("""
                certificates:
                  - certs/
                  - { key: /k.pem }
                  - { cert: /c.pem, directory: /d/ }
                  - { cert: c.pem, key: k.pem }""")).containsExactly(
                "f.yaml:7:13: proxy.listeners[0].tls.certificates[0].directory: 'certs/' is not an absolute path"
                        + " (expected: such as /etc/edgeplane/certs/site.pem)",
                "f.yaml:8:13: proxy.listeners[0].tls.certificates[1]: a certificate entry needs a directory or a cert (expected: a"
                        + " directory such as /etc/edgeplane/certs/, { cert: /etc/edgeplane/site.pem, key: /etc/edgeplane/site.key}"
                        .replace("key}", "key }") + " or self-signed)",
                "f.yaml:9:13: proxy.listeners[0].tls.certificates[2]: a certificate entry has a directory or a cert, not both"
                        + " (expected: a directory such as /etc/edgeplane/certs/, { cert: /etc/edgeplane/site.pem,"
                        + " key: /etc/edgeplane/site.key } or self-signed)",
                "f.yaml:10:21: proxy.listeners[0].tls.certificates[3].cert: 'c.pem' is not an absolute path"
                        + " (expected: such as /etc/edgeplane/certs/site.pem)",
                "f.yaml:10:33: proxy.listeners[0].tls.certificates[3].key: 'k.pem' is not an absolute path"
                        + " (expected: such as /etc/edgeplane/certs/site.pem)");
    }

    @Test
    void selfSignedStandsAloneAndAListenerNeedsACertificate() {
        assertThat(problems("{ certificates: [self-signed, /etc/c/] }")).singleElement().asString()
                .contains("self-signed makes the listener's only certificate");
        assertThat(problems("{ protocols: [TLSv1.3] }")).singleElement().asString()
                .contains("tls.certificates: a TLS listener needs a certificate");
    }

    @Test
    void rendersBackAsTheSameKeys() {
        Map<String, Object> rendered = new ConfigRenderer(ScalarTypes.standard()).render(tls("self-signed"));

        assertThat(rendered).containsEntry("certificates", List.of(Map.of("directory", "self-signed")))
                .containsEntry("protocols", List.of("TLSv1.2", "TLSv1.3"))
                .containsEntry("session_tickets", false)
                .containsEntry("watch_interval", "5s");
    }
}
