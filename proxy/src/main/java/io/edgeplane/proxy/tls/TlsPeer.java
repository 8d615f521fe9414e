package io.edgeplane.proxy.tls;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SNIHostName;

/**
 * Whom TLS connections to one upstream server must reach: the name sent in SNI, and the name its
 * certificate must be issued for. Without a name (a server given by IP address, no {@code server_name}),
 * the certificate must be issued for the address connected to, and no SNI is sent (RFC 6066 has no
 * place for an address).
 *
 * @param name the DNS name verified; empty = the address connected to
 * @param sni  the name sent in SNI; empty = none
 */
public record TlsPeer(Optional<String> name, Optional<SNIHostName> sni) {

    public TlsPeer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sni, "sni");
    }

    /** {@code name} verified and, when SNI can carry it, sent. */
    static TlsPeer named(String name) {
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        Optional<SNIHostName> sni;
        try {
            sni = Optional.of(new SNIHostName(bare));
        } catch (IllegalArgumentException e) {
            // A container name with an underscore, say: a valid server name but not a valid SNI name.
            sni = Optional.empty();
        }
        return new TlsPeer(Optional.of(bare), sni);
    }

    /** The address connected to verified, no SNI sent. */
    static TlsPeer address() {
        return new TlsPeer(Optional.empty(), Optional.empty());
    }

    /** How messages name it. */
    String describe(java.net.InetSocketAddress remote) {
        String address = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        return name.map(n -> address + " (" + n + ")").orElse(address);
    }
}
