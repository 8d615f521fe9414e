package io.edgeplane.config.value;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@code host:port} as written in a config: an IP literal ({@code [::1]} for IPv6) or a DNS name, and a
 * port. {@code *:port} means every local address, as in nginx and HAProxy.
 */
public record HostPort(String host, int port) {

    public static final String EXPECTED = "host:port, such as 127.0.0.1:8404, [::1]:53, *:80 or api.internal:8080";

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    public static HostPort parse(String text) throws InvalidValueException {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new InvalidValueException("'" + text + "' is not host:port");
        }
        String host = s.substring(0, colon);
        int port = parsePort(s.substring(colon + 1), text);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new InvalidValueException("'" + text + "' has an unclosed '[' around its IPv6 address");
            }
            return new HostPort(IpAddresses.format(IpAddresses.parse(host)), port);
        }
        if (host.indexOf(':') >= 0) {
            throw new InvalidValueException("'" + text + "' needs brackets around its IPv6 address, as [" + host + "]:" + port);
        }
        if (host.equals("*")) {
            return new HostPort("0.0.0.0", port);
        }
        if (IpAddresses.isLiteral(host)) {
            return new HostPort(host, port);
        }
        if (!isHostName(host)) {
            throw new InvalidValueException("'" + host + "' in '" + text + "' is neither an IP address nor a host name");
        }
        return new HostPort(host.toLowerCase(java.util.Locale.ROOT), port);
    }

    private static int parsePort(String digits, String text) throws InvalidValueException {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("'" + digits + "' in '" + text + "' is not a port number");
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new InvalidValueException("port " + port + " in '" + text + "' is above 65535");
        }
        return port;
    }

    /**
     * RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; underscores pass too, as
     * container and service names have them.
     */
    public static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        // RFC 1123 2.1: a name never looks like a number, so 10.0.0.256 or 127.1 is a mistyped address,
        // not a name to look up (a resolver would read 127.1 as 127.0.0.1).
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    public boolean isIpLiteral() {
        return IpAddresses.isLiteral(host);
    }

    /**
     * A socket address for binding or connecting. An IP literal is used as is; a name is left unresolved,
     * for the caller to resolve off the event loop.
     */
    public InetSocketAddress toSocketAddress() {
        try {
            return new InetSocketAddress(IpAddresses.parse(host), port);
        } catch (InvalidValueException e) {
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
