package io.edgeplane.dhcp.exchange;

import io.edgeplane.core.names.HostRegistry;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of leases and reservations in DNS (dnsmasq's signature feature): {@code name.<domain>} answers the
 * client's address, and its PTR answers the name. A reservation's name is always there, leased or not. When two
 * clients claim one name, the newer lease gets it and the older loses it, as in dnsmasq; a client cannot take the
 * name of another client's reservation.
 */
public final class LeaseNames {

    static final String SOURCE = "dhcp";
    private static final Logger LOG = LoggerFactory.getLogger(LeaseNames.class);

    private final HostRegistry registry;
    private final Optional<String> domain;
    private final Map<String, Inet4Address> holders = new HashMap<>();
    private final Map<String, Inet4Address> reserved = new HashMap<>();

    public LeaseNames(HostRegistry registry, Optional<String> domain) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /** Puts every reservation's name in DNS, and takes out those of reservations that are gone. */
    void reserve(Map<Inet4Address, Reservation> reservations) {
        Map<String, Inet4Address> wanted = new HashMap<>();
        reservations.values().forEach(r -> r.name().ifPresent(n -> wanted.put(n, r.address())));
        for (String name : List.copyOf(reserved.keySet())) {
            if (!wanted.containsKey(name)) {
                reserved.remove(name);
                holders.remove(name);
                unregister(name);
            }
        }
        wanted.forEach((name, address) -> {
            reserved.put(name, address);
            assign(name, address);
        });
    }

    /**
     * Gives {@code name} to {@code address}; returns false (and changes nothing) when it is another client's
     * reserved name.
     */
    boolean assign(String name, Inet4Address address) {
        Inet4Address owner = reserved.get(name);
        if (owner != null && !owner.equals(address)) {
            return false;
        }
        Inet4Address previous = holders.put(name, address);
        if (!address.equals(previous)) {
            register(name, address);
        }
        return true;
    }

    /** Takes {@code name} away from {@code address}, unless it is reserved or another address holds it now. */
    void release(String name, Inet4Address address) {
        if (reserved.containsKey(name) || !address.equals(holders.get(name))) {
            return;
        }
        holders.remove(name);
        unregister(name);
    }

    /** Takes every name out of DNS, as when the server stops. */
    public void clear() {
        holders.clear();
        reserved.clear();
        try {
            registry.unregisterAll(SOURCE);
        } catch (RuntimeException e) {
            LOG.warn("dhcp: could not take the lease names out of DNS: {}", e.getMessage());
        }
    }

    private void register(String name, Inet4Address address) {
        try {
            registry.register(SOURCE, qualified(name), List.of(address));
        } catch (RuntimeException e) {
            // A full registry must not cost the client its lease; the name just does not resolve.
            LOG.warn("dhcp: {} ({}) is not in DNS: {}", qualified(name), address.getHostAddress(), e.getMessage());
        }
    }

    private void unregister(String name) {
        try {
            registry.unregister(SOURCE, qualified(name));
        } catch (RuntimeException e) {
            LOG.warn("dhcp: could not take {} out of DNS: {}", qualified(name), e.getMessage());
        }
    }

    private String qualified(String name) {
        return domain.map(d -> name + "." + d).orElse(name);
    }
}
