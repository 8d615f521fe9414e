package io.edgeplane.core.names;

import java.net.InetAddress;
import java.util.List;

/**
 * Host names that services add and remove while the node runs (a DHCP lease's client name, next), answered by
 * the DNS server like a line of {@code /etc/hosts}: A and AAAA records by address family, and a PTR record for
 * each address pointing back at the name. With {@code expand_hosts}, a bare name (no dot) also answers under
 * the node's domain, and its PTR points at that longer name.
 *
 * <p>Every registration is made on behalf of a {@code source} (such as {@code "dhcp"}): the same name may be
 * registered by several sources, and each source removes only what it added. Static names from the config
 * win over registered ones.
 *
 * <p>Implementations are thread-safe; calls may block briefly and must not be made on an event loop that
 * serves queries.
 */
public interface HostRegistry {

    /**
     * Makes {@code name} answer {@code addresses} for {@code source}, replacing what {@code source} registered
     * for that name before.
     *
     * @param source    who registers, such as {@code "dhcp"}; not blank
     * @param name      a valid DNS name, in any case, with or without a trailing dot
     * @param addresses at least one IPv4 or IPv6 address
     * @throws IllegalArgumentException if the name is not a valid DNS name, there is no address, or the source is
     *                                  blank
     * @throws IllegalStateException    if the registry is full
     */
    void register(String source, String name, List<InetAddress> addresses);

    /** Removes what {@code source} registered for {@code name}; nothing happens if it registered nothing. */
    void unregister(String source, String name);

    /** Removes every name {@code source} registered, as when that service stops. */
    void unregisterAll(String source);
}
