package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.IpAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS to an upstream's servers: nginx's {@code proxy_pass https://} with {@code proxy_ssl_verify on},
 * {@code proxy_ssl_trusted_certificate}, {@code proxy_ssl_name} and {@code proxy_ssl_certificate}; HAProxy's
 * {@code server ... ssl verify required ca-file ... sni}. {@code tls: true} is TLS with every default: each
 * server's certificate verified against the JDK's trust store, for the server's own name.
 *
 * @param verify        whether a server's certificate must chain to a trusted CA and be issued for the name
 *                      verified; on unless turned off (nginx's {@code proxy_ssl_verify} is off unless turned on)
 * @param ca            a PEM file of the CA certificates to trust, instead of the JDK's trust store
 * @param serverName    the name sent in SNI and looked for in each server's certificate (nginx's
 *                      {@code proxy_ssl_name}, HAProxy's {@code sni}). Absent: each server's host name, or for a
 *                      server given by IP address, no SNI and that address looked for in the certificate
 * @param certificate   the client certificate ({@code {cert, key}}) shown to servers that ask for one (mutual TLS)
 * @param protocols     {@code TLSv1.2} and {@code TLSv1.3}; both when empty or absent
 * @param sessionReuse  whether a new connection resumes the last session with the same server address, sparing
 *                      a full handshake (nginx's {@code proxy_ssl_session_reuse})
 * @param watchInterval how often the CA and certificate files are checked for changes, which new connections
 *                      then use without a reload; 0 = never
 */
@ScalarForm(value = "verify", only = "true",
        otherwise = "tls: false is not a way to write plain HTTP: leave tls out for that, or write tls: { verify: false }"
                + " for TLS without verifying the servers")
public record UpstreamTlsConfig(
        @Default("true") boolean verify,
        Optional<String> ca,
        Optional<String> serverName,
        Optional<CertificateConfig> certificate,
        List<String> protocols,
        @Default("true") boolean sessionReuse,
        @Default("5s") Duration watchInterval) implements Checked {

    public UpstreamTlsConfig {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(certificate, "certificate");
        protocols = protocols.isEmpty() ? TlsConfig.PROTOCOLS : List.copyOf(protocols);
        Objects.requireNonNull(watchInterval, "watchInterval");
    }

    @Override
    public void check(Checks checks) {
        ca.ifPresent(path -> {
            checks.key("ca").require(verify, "ca is used only with verify: true; without verification no CA is consulted",
                    "verify: true, or no ca");
            CertificateConfig.absolute(checks.key("ca"), path);
        });
        serverName.ifPresent(name -> checkServerName(checks.key("server_name"), name));
        certificate.ifPresent(c -> checks.key("certificate").require(c.cert().isPresent(),
                "a client certificate is a cert file (its key in it, or in key), not a directory or self-signed",
                "certificate: { cert: /etc/edgeplane/client.pem, key: /etc/edgeplane/client.key }"));
        TlsConfig.checkProtocols(checks.key("protocols"), protocols);
        TlsConfig.checkWatchInterval(checks.key("watch_interval"), watchInterval);
    }

    private static void checkServerName(Checks at, String name) {
        if (IpAddresses.isLiteral(name)) {
            // SNI carries names only (RFC 6066 3); a server given by its address has that address verified already.
            at.error("server_name is a DNS name, not the IP address '" + name + "': a server given by IP address has"
                    + " its address verified without one", "a name such as api.internal");
            return;
        }
        at.require(HostPort.isHostName(name) && name.indexOf('_') < 0, "'" + name + "' is not a DNS name",
                "letters, digits, '-' and '.', such as api.internal");
    }
}
