package io.edgeplane.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.util.List;

/**
 * The application protocols a TLS listener offers through ALPN, in order of preference. The one place to add
 * {@code h2} when HTTP/2 comes; until then only HTTP/1.1 is offered, and a client that offers nothing we speak
 * gets no ALPN answer and HTTP/1.1 all the same.
 */
public final class AlpnProtocols {

    /** What the listeners offer today. */
    public static final List<String> OFFERED = List.of(ApplicationProtocolNames.HTTP_1_1);

    private AlpnProtocols() {
    }

    static ApplicationProtocolConfig serverConfig() {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, OFFERED);
    }
}
