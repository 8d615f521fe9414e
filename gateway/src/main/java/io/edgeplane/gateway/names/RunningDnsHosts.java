package io.edgeplane.gateway.names;

import io.edgeplane.config.dns.DnsNames;
import io.edgeplane.core.names.HostRegistry;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server's lease names on their way to the DNS server: passed on to the DNS server's registry, and kept
 * here so a DNS server created later is given them all when it is {@linkplain #attach attached}. That is needed
 * twice: at start, the DHCP server reads its leases back and registers their names before the DNS server is
 * published as running; and a reload that adds {@code dns} to a node already leasing creates a DNS server that
 * never saw those names. With no DNS server the names go nowhere, as a dnsmasq started with {@code port=0} serves
 * none; nor do they reach anyone while the DNS server attached last is stopped (its section removed, or the reload
 * that created it failed), until the next one is attached.
 *
 * <p>Thread-safe: the DHCP server thread registers while a reload attaches.
 */
public final class RunningDnsHosts implements HostRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RunningDnsHosts.class);

    /** What each source registered, by source, then by the name as DNS compares it. Guarded by {@code this}. */
    private final Map<String, Map<String, Registered>> names = new HashMap<>();
    /** The registry of the DNS server created last, or null before one is. Guarded by {@code this}. */
    private HostRegistry dns;

    /**
     * Sends every name from now on to {@code hosts}, the registry of a DNS server just created, and gives it every
     * name registered so far. A name it refuses is logged and forgotten, as one refused while it ran would be.
     */
    public synchronized void attach(HostRegistry hosts) {
        dns = Objects.requireNonNull(hosts, "hosts");
        names.forEach((source, registered) -> registered.entrySet().removeIf(entry -> {
            try {
                hosts.register(source, entry.getValue().name(), entry.getValue().addresses());
                return false;
            } catch (RuntimeException e) {
                LOG.warn("{}: {} is not in DNS: {}", source, entry.getValue().name(), e.getMessage());
                return true;
            }
        }));
    }

    @Override
    public synchronized void register(String source, String name, List<InetAddress> addresses) {
        if (dns != null) {
            // First, so a name the DNS server refuses (invalid, or its registry full) is not kept to be given again.
            dns.register(source, name, addresses);
        }
        names.computeIfAbsent(source, s -> new LinkedHashMap<>())
                .put(key(name), new Registered(name, List.copyOf(addresses)));
    }

    @Override
    public synchronized void unregister(String source, String name) {
        Map<String, Registered> registered = names.get(source);
        if (registered != null) {
            registered.remove(key(name));
        }
        if (dns != null) {
            dns.unregister(source, name);
        }
    }

    @Override
    public synchronized void unregisterAll(String source) {
        names.remove(source);
        if (dns != null) {
            dns.unregisterAll(source);
        }
    }

    /** One name whatever its case, with or without the trailing dot, as the DNS server compares names. */
    private static String key(String name) {
        return DnsNames.canonical(name);
    }

    private record Registered(String name, List<InetAddress> addresses) {
    }
}
