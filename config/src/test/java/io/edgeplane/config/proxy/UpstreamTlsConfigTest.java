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

/** An upstream's {@code tls:} section: {@code tls: true}, the defaults, and the combinations refused with their place. */
class UpstreamTlsConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private static String upstream(String tls) {
        return """
                proxy:
                  listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ upstream: api }] }]
                  upstreams:
                    api:
                      servers: [{ address: 10.0.0.5:443 }]
                      tls: %s
                """.formatted(tls);
    }

    private Optional<UpstreamTlsConfig> tls(String tls) {
        try {
            return loader.parse("f.yaml", upstream(tls)).proxy().orElseThrow().upstreams().get("api").tls();
        } catch (InvalidConfigException e) {
            throw new AssertionError("unexpected problems:\n" + e.getMessage(), e);
        }
    }

    private List<String> problems(String tls) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", upstream(tls)));
        assertThat(e).as("an InvalidConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void absentIsPlainHttp() throws Exception {
        ProxyConfig proxy = loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }] } }
                """).proxy().orElseThrow();
        assertThat(proxy.upstreams().get("app").tls()).isEmpty();
    }

    @Test
    void trueIsVerifiedTlsWithEveryDefault() {
        UpstreamTlsConfig tls = tls("true").orElseThrow();

        assertThat(tls).isEqualTo(new UpstreamTlsConfig(true, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("TLSv1.2", "TLSv1.3"), true, Duration.ofSeconds(5)));
        assertThat(tls("{}")).contains(tls);
        assertThat(tls("yes")).contains(tls);
    }

    @Test
    void everyKey() {
        UpstreamTlsConfig tls = tls("""
                { ca: /etc/edgeplane/internal-ca.pem, server_name: api.internal,
                          certificate: { cert: /etc/edgeplane/client.pem, key: /etc/edgeplane/client.key },
                          protocols: [TLSv1.3], session_reuse: false, watch_interval: 0s }""").orElseThrow();

        assertThat(tls.verify()).isTrue();
        assertThat(tls.ca()).contains("/etc/edgeplane/internal-ca.pem");
        assertThat(tls.serverName()).contains("api.internal");
        assertThat(tls.certificate()).contains(new CertificateConfig(Optional.empty(), Optional.of("/etc/edgeplane/client.pem"),
                Optional.of("/etc/edgeplane/client.key")));
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThat(tls.sessionReuse()).isFalse();
        assertThat(tls.watchInterval()).isZero();
        assertThat(tls("{ verify: false }").orElseThrow().verify()).isFalse();
    }

    @Test
    void falseAloneIsRefusedRatherThanReadAsTlsWithoutVerification() {
        assertThat(problems("false")).containsExactly("f.yaml:6:12: proxy.upstreams.api.tls: tls: false is not a way to write"
                + " plain HTTP: leave tls out for that, or write tls: { verify: false } for TLS without verifying the servers"
                + " (expected: true, or a mapping with keys verify, ca, server_name, certificate, protocols, session_reuse,"
                + " watch_interval)");
    }

    @Test
    void badCombinationsAreRefusedWhereWritten() {
        assertThat(problems("""
                { verify: false, ca: /etc/ca.pem, server_name: 10.0.0.5,
                          certificate: /etc/edgeplane/client-certs/, protocols: [TLSv1.1], watch_interval: 10ms }""")).containsExactly(
                "f.yaml:6:33: proxy.upstreams.api.tls.ca: ca is used only with verify: true; without verification no CA is"
                        + " consulted (expected: verify: true, or no ca)",
                "f.yaml:6:59: proxy.upstreams.api.tls.server_name: server_name is a DNS name, not the IP address '10.0.0.5': a"
                        + " server given by IP address has its address verified without one (expected: a name such as api.internal)",
                "f.yaml:7:24: proxy.upstreams.api.tls.certificate: a client certificate is a cert file (its key in it, or in key),"
                        + " not a directory or self-signed (expected: certificate: { cert: /etc/edgeplane/client.pem,"
                        + " key: /etc/edgeplane/client.key })",
                "f.yaml:7:66: proxy.upstreams.api.tls.protocols[0]: TLSv1.1 is not offered: it is broken or deprecated (RFC 8996)"
                        + " (expected: TLSv1.2 or TLSv1.3)",
                "f.yaml:7:92: proxy.upstreams.api.tls.watch_interval: watch_interval must be 0 (never) or at least 100ms"
                        + " (expected: such as 5s)");
    }

    @Test
    void pathsAreAbsoluteAndServerNamesAreDnsNames() {
        assertThat(problems("{ ca: ca.pem, server_name: api_internal, certificate: { cert: client.pem } }")).containsExactly(
                "f.yaml:6:18: proxy.upstreams.api.tls.ca: 'ca.pem' is not an absolute path (expected: such as"
                        + " /etc/edgeplane/certs/site.pem)",
                "f.yaml:6:39: proxy.upstreams.api.tls.server_name: 'api_internal' is not a DNS name (expected: letters, digits,"
                        + " '-' and '.', such as api.internal)",
                "f.yaml:6:74: proxy.upstreams.api.tls.certificate.cert: 'client.pem' is not an absolute path (expected: such as"
                        + " /etc/edgeplane/certs/site.pem)");
    }

    @Test
    void rendersBackAsTheSameKeys() {
        Map<String, Object> rendered = new ConfigRenderer(ScalarTypes.standard()).render(tls("{ server_name: api.internal }").orElseThrow());

        assertThat(rendered).containsEntry("verify", true).containsEntry("server_name", "api.internal")
                .containsEntry("session_reuse", true).containsEntry("watch_interval", "5s").doesNotContainKey("ca");
    }
}
