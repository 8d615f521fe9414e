package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.CipherSuiteNames;
import io.edgeplane.config.proxy.ClientAuthConfig;
import io.edgeplane.config.proxy.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Builds a server {@link SslContext} for one certificate with a listener's settings, and refuses settings the
 * provider cannot honour (a cipher suite it lacks, a group it does not know) here, before the listener serves,
 * rather than on a client's handshake.
 */
final class ServerContexts {

    private final TlsProvider provider;
    /** The ALPN protocols offered, in order of preference. */
    private final List<String> alpn;

    ServerContexts(TlsProvider provider, List<String> alpn) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.alpn = List.copyOf(alpn);
    }

    TlsProvider provider() {
        return provider;
    }

    List<String> alpn() {
        return alpn;
    }

    SslContext build(ServerCertificate certificate, TlsConfig config, List<X509Certificate> clientCas) throws TlsSetupException {
        List<String> wanted = new ArrayList<>();
        config.ciphers().forEach(name -> wanted.add(CipherSuiteNames.iana(name)
                .orElseThrow(() -> new IllegalStateException("cipher " + name + " passed validation unknown"))));
        List<String> suites = new ArrayList<>(wanted);
        if (config.protocols().contains("TLSv1.3")) {
            // A JDK engine enables only the suites listed; TLS 1.3 needs its own (BoringSSL enables them anyway).
            suites.addAll(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"));
        }
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.chain())
                .sslProvider(provider.netty())
                .protocols(config.protocols())
                .ciphers(suites, SupportedCipherSuiteFilter.INSTANCE)
                .sessionTimeout(config.sessionCache().timeout().toSeconds())
                .applicationProtocolConfig(AlpnProtocols.serverConfig(alpn));
        if (config.sessionCache().size() > 0) {
            builder.sessionCacheSize(config.sessionCache().size());
        }
        if (config.clientAuth().isPresent()) {
            builder.trustManager(clientCas).clientAuth(config.clientAuth().get().mode() == ClientAuthConfig.Mode.REQUIRED
                    ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        if (provider == TlsProvider.OPENSSL && !config.groups().isEmpty()) {
            builder.option(OpenSslContextOption.GROUPS, config.groups().toArray(String[]::new));
        }
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException(certificate.source() + ": the " + provider.label() + " TLS provider refuses these settings: "
                    + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            if (!context.cipherSuites().contains(wanted.get(i))) {
                missing.add(config.ciphers().get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new TlsSetupException("the " + provider.label() + " TLS provider does not implement "
                    + String.join(", ", missing) + "; it offers " + String.join(", ", context.cipherSuites()));
        }
        if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setSessionCacheEnabled(config.sessionCache().size() > 0);
        }
        return context;
    }
}
