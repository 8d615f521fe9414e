package io.edgeplane.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.util.List;

/**
 * The application protocols a TLS listener offers through ALPN, in order of preference: {@code h2} first where
 * the listener speaks HTTP/2, then {@code http/1.1}. A client that offers nothing we speak gets no ALPN answer
 * and HTTP/1.1 all the same, as with HAProxy and nginx.
 */
public final class AlpnProtocols {

    /** What a listener that speaks HTTP/2 offers. */
    public static final List<String> WITH_HTTP2 = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    /** What a listener without HTTP/2 offers. */
    public static final List<String> HTTP1_ONLY = List.of(ApplicationProtocolNames.HTTP_1_1);

    private AlpnProtocols() {
    }

    public static List<String> offered(boolean http2) {
        return http2 ? WITH_HTTP2 : HTTP1_ONLY;
    }

    static ApplicationProtocolConfig serverConfig(List<String> offered) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, offered);
    }
}
