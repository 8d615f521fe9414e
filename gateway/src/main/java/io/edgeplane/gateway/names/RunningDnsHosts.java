package io.edgeplane.gateway.names;

import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.dns.server.DnsService;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host registry of the DNS server running now, for the DHCP server's lease names. With no DNS server running
 * (a config without {@code dns}) the names go nowhere, as a dnsmasq started with {@code port=0} serves none.
 */
public final class RunningDnsHosts implements HostRegistry {

    private final Supplier<Optional<DnsService>> dns;

    /** @param dns the DNS service running now, if any (it may come and go with reloads) */
    public RunningDnsHosts(Supplier<Optional<DnsService>> dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    @Override
    public void register(String source, String name, List<InetAddress> addresses) {
        dns.get().ifPresent(service -> service.hosts().register(source, name, addresses));
    }

    @Override
    public void unregister(String source, String name) {
        dns.get().ifPresent(service -> service.hosts().unregister(source, name));
    }

    @Override
    public void unregisterAll(String source) {
        dns.get().ifPresent(service -> service.hosts().unregisterAll(source));
    }
}
