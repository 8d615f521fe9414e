package io.edgeplane.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS implementation the listeners use: BoringSSL through netty-tcnative when its native library loads
 * (it ships for linux-x86_64), the JDK's own otherwise. BoringSSL does handshakes several times faster.
 */
public enum TlsProvider {
    OPENSSL("openssl", SslProvider.OPENSSL),
    JDK("jdk", SslProvider.JDK);

    private final String label;
    private final SslProvider netty;

    TlsProvider(String label, SslProvider netty) {
        this.label = label;
        this.netty = netty;
    }

    /** BoringSSL if it loads here, else the JDK. Loading the native library happens on the first call. */
    public static TlsProvider detect() {
        return OpenSsl.isAvailable() ? OPENSSL : JDK;
    }

    /** How metrics and logs name it: {@code openssl} or {@code jdk}. */
    public String label() {
        return label;
    }

    SslProvider netty() {
        return netty;
    }

    /** One line for the start-up log: which library, and why not BoringSSL when it is the JDK. */
    public String describe() {
        return this == OPENSSL
                ? "TLS by " + OpenSsl.versionString() + " (netty-tcnative)"
                : "TLS by the JDK (netty-tcnative's BoringSSL did not load: "
                        + (OpenSsl.unavailabilityCause() == null ? "not available" : OpenSsl.unavailabilityCause().toString()) + ")";
    }
}
