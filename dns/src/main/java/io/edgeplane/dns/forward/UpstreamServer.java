package io.edgeplane.dns.forward;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One upstream DNS server and the domains it serves: dnsmasq's {@code server=/corp.example/10.1.2.3} is
 * {@code new UpstreamServer(10.1.2.3:53, [corp.example])}; with no domains it is a default server, asked for
 * every name no domain server claims.
 *
 * @param address where it listens (UDP and TCP)
 * @param domains the domains (and everything under them) it answers for, canonical: lower case, no trailing dot
 */
public record UpstreamServer(InetSocketAddress address, List<String> domains) {

    public UpstreamServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(domains, "domains");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("upstream " + address + " must be an IP address, not a host name to resolve");
        }
        List<String> canonical = new ArrayList<>(domains.size());
        for (String domain : domains) {
            Objects.requireNonNull(domain, "domain");
            String name = FlightKey.asciiLowerCase(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
            if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
                throw new IllegalArgumentException("upstream " + address + ": '" + domain
                        + "' is not a domain; expected a name such as corp.example");
            }
            canonical.add(name);
        }
        domains = List.copyOf(canonical);
    }

    /** A default server: asked for names no domain server claims. */
    public static UpstreamServer forAllDomains(InetSocketAddress address) {
        return new UpstreamServer(address, List.of());
    }

    @Override
    public String toString() {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort()
                + (domains.isEmpty() ? "" : " for " + String.join(", ", domains));
    }
}
