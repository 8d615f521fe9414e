package io.edgeplane.config.value;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A DNS server to send queries to, as dnsmasq's {@code server=} and resolv.conf's {@code nameserver} write it:
 * an IP address, port 53 unless given ({@code 10.1.2.3}, {@code 10.1.2.3:5353}, {@code 2001:db8::53},
 * {@code [2001:db8::53]:5353}). Never a name: a resolver that had to resolve its upstreams' names first
 * would ask itself.
 */
public record NameServer(InetAddress address, int port) {

    public static final String EXPECTED = "an IP address with an optional port, such as 9.9.9.9, 10.1.2.3:5353, "
            + "2001:db8::53 or [2001:db8::53]:5353";
    public static final int DNS_PORT = 53;

    public NameServer {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    public static NameServer parse(String text) throws InvalidValueException {
        String s = text.strip();
        if (IpAddresses.isLiteral(s)) {
            return new NameServer(IpAddresses.parse(s), DNS_PORT);
        }
        HostPort hostPort;
        try {
            hostPort = HostPort.parse(s);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("'" + text + "' is not a DNS server address");
        }
        if (!hostPort.isIpLiteral() || hostPort.port() == 0) {
            throw new InvalidValueException("'" + text + "' is not a DNS server address: an IP address and a port 1..65535,"
                    + " not a name to resolve");
        }
        return new NameServer(IpAddresses.parse(hostPort.host()), hostPort.port());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String host = IpAddresses.format(address);
        if (port == DNS_PORT) {
            return host;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
