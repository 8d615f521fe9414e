package io.edgeplane.core.transport;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Objects;

/** How every service words a bound socket's URL and a failed bind, so operators read them the same way. */
public final class ListeningSockets {

    private ListeningSockets() {
    }

    /** {@code http://127.0.0.1:8404/} for the port actually bound ({@code [::1]} for IPv6, no zone). */
    public static String httpUrl(Channel socket) {
        return url("http", socket);
    }

    /** {@code https://127.0.0.1:8443/}, or with another {@code scheme}, for the port actually bound. */
    public static String url(String scheme, Channel socket) {
        return scheme + "://" + hostPort((InetSocketAddress) socket.localAddress()) + "/";
    }

    /** {@code 127.0.0.1:53}, {@code [::1]:53} (no zone): how logs, stats and endpoints write a socket address. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host.replaceFirst("%.*$", "") + "]";
        }
        return host + ":" + address.getPort();
    }

    /**
     * Why a bind failed, without the native transport's prefix: "Address already in use", not
     * "bind(..) failed with error(-98): Address already in use".
     */
    public static String bindFailure(Throwable cause) {
        return Objects.toString(cause.getMessage(), cause.toString())
                .replaceFirst("^bind\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
    }
}
