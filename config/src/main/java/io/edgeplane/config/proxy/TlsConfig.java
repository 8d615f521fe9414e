package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS on a listener (HAProxy's {@code bind ... ssl crt}, nginx's {@code listen ... ssl}). A plain value is the
 * certificates alone: {@code tls: /etc/edgeplane/certs/} or, for development, {@code tls: self-signed}.
 *
 * @param certificates   where the certificates come from; the first is the default, served to a client whose
 *                       SNI name no certificate has (or who sends none)
 * @param protocols      {@code TLSv1.2} and {@code TLSv1.3}; both when empty or absent
 * @param ciphers        TLS 1.2 cipher suites by OpenSSL name, in order of preference; TLS 1.3's three suites
 *                       are always on. Absent: {@link #DEFAULT_CIPHERS}
 * @param groups         key-exchange groups in order of preference ({@code X25519}, {@code P-256}, ...);
 *                       absent: the TLS provider's own list
 * @param sessionTickets whether resumption by session ticket is offered. Off by default, as the seed's
 *                       {@code no-tls-tickets}: a ticket key that is never rotated weakens forward secrecy,
 *                       and the session cache resumes sessions without one
 * @param sessionCache   the server-side session cache
 * @param clientAuth     client certificates (mTLS); absent = none asked for
 * @param watchInterval  how often the certificate and CA files are checked for changes, which are then loaded
 *                       without a restart; 0 = never
 */
@ScalarForm("certificates")
public record TlsConfig(
        List<CertificateConfig> certificates,
        List<String> protocols,
        List<String> ciphers,
        List<String> groups,
        @Default("false") boolean sessionTickets,
        SessionCacheConfig sessionCache,
        Optional<ClientAuthConfig> clientAuth,
        @Default("5s") Duration watchInterval) implements Checked {

    /** The protocols a listener offers unless told otherwise, and the only ones it may offer. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    /** Mozilla's "intermediate" TLS 1.2 suites (its DHE suites left out: BoringSSL has none). */
    public static final List<String> DEFAULT_CIPHERS = List.of(
            "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305");

    /** The key-exchange groups that may be named, with the JDK's name for each. */
    public static final Map<String, String> GROUPS = Map.of(
            "X25519", "x25519", "P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1",
            "X25519MLKEM768", "X25519MLKEM768");

    public TlsConfig {
        certificates = List.copyOf(certificates);
        protocols = protocols.isEmpty() ? PROTOCOLS : List.copyOf(protocols);
        ciphers = ciphers.isEmpty() ? DEFAULT_CIPHERS : List.copyOf(ciphers);
        groups = List.copyOf(groups);
        Objects.requireNonNull(sessionCache, "sessionCache");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(watchInterval, "watchInterval");
    }

    /** Whether the certificate is made at start rather than read from files. */
    public boolean selfSigned() {
        return certificates.stream().anyMatch(CertificateConfig::selfSigned);
    }

    @Override
    public void check(Checks checks) {
        checks.key("certificates").require(!certificates.isEmpty(), "a TLS listener needs a certificate",
                "certificates: /etc/edgeplane/certs/ (a directory of PEM bundles), or self-signed");
        checks.key("certificates").require(!selfSigned() || certificates.size() == 1,
                "self-signed makes the listener's only certificate; it cannot be mixed with files", "self-signed alone");
        checkProtocols(checks.key("protocols"), protocols);
        for (int i = 0; i < ciphers.size(); i++) {
            checkCipher(checks.key("ciphers").index(i), ciphers.get(i));
        }
        checks.key("ciphers").require(!protocols.equals(List.of("TLSv1.3")) || ciphers.equals(DEFAULT_CIPHERS),
                "ciphers choose TLS 1.2 suites, and this listener offers only TLS 1.3", "no ciphers, or TLSv1.2 in protocols");
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            checks.key("groups").index(i).require(GROUPS.containsKey(group), "'" + group + "' is not a known key-exchange group",
                    "one of X25519, P-256, P-384, P-521, X25519MLKEM768");
        }
        checkWatchInterval(checks.key("watch_interval"), watchInterval);
    }

    /** Only TLS 1.2 and 1.3, each once; shared with {@link UpstreamTlsConfig}. */
    static void checkProtocols(Checks at, List<String> protocols) {
        for (int i = 0; i < protocols.size(); i++) {
            String protocol = protocols.get(i);
            at.index(i).require(PROTOCOLS.contains(protocol),
                    switch (protocol) {
                        case "SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1" ->
                                protocol + " is not offered: it is broken or deprecated (RFC 8996)";
                        default -> "'" + protocol + "' is not a TLS protocol";
                    }, "TLSv1.2 or TLSv1.3");
        }
        at.require(protocols.stream().distinct().count() == protocols.size(),
                "a protocol is listed twice", "TLSv1.2 and TLSv1.3, once each");
    }

    /** Polling faster than 100ms would read the files all the time; shared with {@link UpstreamTlsConfig}. */
    static void checkWatchInterval(Checks at, Duration watchInterval) {
        at.require(watchInterval.isZero() || watchInterval.compareTo(Duration.ofMillis(100)) >= 0,
                "watch_interval must be 0 (never) or at least 100ms", "such as 5s");
    }

    private static void checkCipher(Checks at, String name) {
        if (CipherSuiteNames.iana(name).isPresent()) {
            return;
        }
        if (CipherSuiteNames.TLS13.contains(name)) {
            at.error(name + " is a TLS 1.3 suite; TLS 1.3's suites are always on and are not listed here",
                    "TLS 1.2 suites by OpenSSL name, such as ECDHE-RSA-AES256-GCM-SHA384");
            return;
        }
        at.error(CipherSuiteNames.openSslName(name)
                        .map(openSsl -> name + " is an IANA name; write its OpenSSL name " + openSsl)
                        .orElse("'" + name + "' is not a known TLS 1.2 cipher suite"),
                "an OpenSSL name such as ECDHE-ECDSA-AES256-GCM-SHA384 or ECDHE-RSA-AES128-GCM-SHA256");
    }
}
