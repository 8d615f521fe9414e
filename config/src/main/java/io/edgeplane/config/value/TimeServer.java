package io.edgeplane.config.value;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * An NTP server or pool to ask, as chrony's {@code server} and {@code pool} write it: a host name or an IP
 * address, port 123 unless given ({@code pool.ntp.org}, {@code 10.0.0.53}, {@code ntp.lan:1123},
 * {@code 2001:db8::123}, {@code [2001:db8::123]:1123}). Unlike a DNS upstream it may be a name: that is how
 * pools are written, and the NTP client resolves it off the event loop.
 */
public record TimeServer(String host, int port) {

    public static final String EXPECTED = "a host name or IP address with an optional port, such as pool.ntp.org, "
            + "10.0.0.53, ntp.lan:1123, 2001:db8::123 or [2001:db8::123]:1123";
    public static final int NTP_PORT = 123;

    public TimeServer {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    public static TimeServer parse(String text) throws InvalidValueException {
        String s = text.strip();
        // A bare IPv6 literal has colons of its own, so it is tried before host:port.
        if (IpAddresses.isLiteral(s)) {
            return new TimeServer(IpAddresses.format(IpAddresses.parse(s)), NTP_PORT);
        }
        if (s.indexOf(':') < 0) {
            if (!HostPort.isHostName(s)) {
                throw new InvalidValueException("'" + text + "' is neither an IP address nor a host name");
            }
            return new TimeServer(s.toLowerCase(Locale.ROOT), NTP_PORT);
        }
        HostPort hostPort = HostPort.parse(s);
        if (hostPort.port() == 0) {
            throw new InvalidValueException("port 0 in '" + text + "' cannot be asked; NTP servers listen on 1..65535, "
                    + "usually 123");
        }
        if (hostPort.host().equals("0.0.0.0") && s.startsWith("*")) {
            throw new InvalidValueException("'" + text + "' names no server; '*' only means every local address to listen on");
        }
        return new TimeServer(hostPort.host(), hostPort.port());
    }

    public boolean isIpLiteral() {
        return IpAddresses.isLiteral(host);
    }

    /**
     * A socket address to send to. An IP literal is used as is; a name is left unresolved, for the caller to
     * resolve off the event loop.
     */
    public InetSocketAddress toSocketAddress() {
        return new HostPort(host, port).toSocketAddress();
    }

    /** As written in a config: the port only when it is not 123, brackets around IPv6 only with a port. */
    @Override
    public String toString() {
        if (port == NTP_PORT) {
            return host;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
