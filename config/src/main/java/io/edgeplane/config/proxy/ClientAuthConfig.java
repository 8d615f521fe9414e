package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.Objects;

/**
 * Client certificates (mutual TLS): nginx's {@code ssl_verify_client} with {@code ssl_client_certificate},
 * HAProxy's {@code verify required ca-file}.
 *
 * @param ca   a PEM file of the CA certificates a client certificate must chain to
 * @param mode {@code required}: a client without a valid certificate fails the handshake; {@code optional}:
 *             a client may send none, but one it sends must be valid
 */
public record ClientAuthConfig(String ca, @Default("required") Mode mode) implements Checked {

    public ClientAuthConfig {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(mode, "mode");
    }

    /** Whether a client must present a certificate. */
    public enum Mode { REQUIRED, OPTIONAL }

    @Override
    public void check(Checks checks) {
        CertificateConfig.absolute(checks.key("ca"), ca);
    }
}
