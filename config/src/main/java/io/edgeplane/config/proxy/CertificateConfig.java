package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.ScalarForm;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a TLS listener's certificates come from: a directory of PEM bundles (HAProxy's {@code crt /dir/}),
 * one certificate file with its key (in the same file or in {@code key}), or {@value #SELF_SIGNED}, a
 * certificate made at start for development. A plain value is a directory, or {@value #SELF_SIGNED}.
 *
 * @param directory every PEM file in it is one certificate (chain and key in the file, or the key beside it)
 * @param cert      a PEM file: the certificate, then its chain, and the key too unless {@code key} is given
 * @param key       the private key's PEM file, for a {@code cert} that does not hold it
 */
@ScalarForm("directory")
public record CertificateConfig(Optional<String> directory, Optional<String> cert, Optional<String> key) implements Checked {

    /** The value that asks for a self-signed certificate instead of files. */
    public static final String SELF_SIGNED = "self-signed";

    public CertificateConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** Whether this is {@code self-signed} rather than files. */
    public boolean selfSigned() {
        return directory.filter(SELF_SIGNED::equals).isPresent();
    }

    @Override
    public void check(Checks checks) {
        if (directory.isPresent() == cert.isPresent()) {
            checks.error(directory.isPresent() ? "a certificate entry has a directory or a cert, not both"
                    : "a certificate entry needs a directory or a cert",
                    "a directory such as /etc/edgeplane/certs/, { cert: /etc/edgeplane/site.pem, key: /etc/edgeplane/site.key }"
                            + " or self-signed");
            return;
        }
        checks.key("key").require(key.isEmpty() || cert.isPresent(), "key goes with cert, not with a directory",
                "{ cert: /etc/edgeplane/site.pem, key: /etc/edgeplane/site.key }");
        directory.filter(d -> !d.equals(SELF_SIGNED)).ifPresent(d -> absolute(checks.key("directory"), d));
        cert.ifPresent(c -> absolute(checks.key("cert"), c));
        key.ifPresent(k -> absolute(checks.key("key"), k));
    }

    static void absolute(Checks checks, String path) {
        checks.require(path.startsWith("/"), "'" + path + "' is not an absolute path", "such as /etc/edgeplane/certs/site.pem");
    }
}
