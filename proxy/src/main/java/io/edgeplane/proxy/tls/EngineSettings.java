package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.TlsConfig;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What a listener sets on each new engine because Netty's contexts cannot: the key-exchange groups on a JDK
 * engine (BoringSSL gets them on its context), and no session tickets on a BoringSSL engine. Netty's
 * BoringSSL contexts issue tickets, with keys BoringSSL makes and rotates, and offer no switch to stop;
 * {@code SSL_OP_NO_TICKET} on the connection is what HAProxy's {@code no-tls-tickets} sets.
 *
 * @param jdkGroups the groups by their JDK names; empty = the provider's own
 * @param noTickets whether to refuse session tickets
 */
record EngineSettings(List<String> jdkGroups, boolean noTickets) {

    EngineSettings {
        jdkGroups = List.copyOf(jdkGroups);
    }

    static EngineSettings of(TlsConfig config, TlsProvider provider) {
        return new EngineSettings(provider == TlsProvider.JDK ? config.groups().stream().map(TlsConfig.GROUPS::get).toList()
                : List.of(), provider == TlsProvider.OPENSSL && !config.sessionTickets());
    }

    void apply(SSLEngine engine) {
        if (!jdkGroups.isEmpty()) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setNamedGroups(jdkGroups.toArray(String[]::new));
            engine.setSSLParameters(parameters);
        }
        if (noTickets && engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            SSL.setOptions(openSsl.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
    }
}
