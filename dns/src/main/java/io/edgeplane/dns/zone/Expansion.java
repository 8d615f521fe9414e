package io.edgeplane.dns.zone;

import io.edgeplane.config.dns.DnsNames;
import java.util.Objects;
import java.util.Optional;

/**
 * How host names become records under one config: the domain bare names also answer under
 * ({@code expand_hosts}) and the TTL host records get ({@code local_ttl}).
 *
 * @param domain the canonical domain bare names expand into; empty when {@code expand_hosts} is off
 * @param ttl    seconds
 */
record Expansion(Optional<String> domain, long ttl) {

    Expansion {
        Objects.requireNonNull(domain, "domain");
    }

    /** {@code nas} → {@code nas.localdomain} when expanding; {@code null} for a name with a dot, or no domain. */
    String expand(String name) {
        if (domain.isEmpty() || name.indexOf('.') >= 0) {
            return null;
        }
        String expanded = name + "." + domain.get();
        // A 63-character label under a long domain can pass 253 characters: that name cannot exist.
        return DnsNames.valid(expanded) ? expanded : null;
    }

    /** The name a PTR record for a host called {@code name} points at: its expanded form when there is one. */
    String ptrTarget(String name) {
        String expanded = expand(name);
        return expanded != null ? expanded : name;
    }
}
