package io.edgeplane.gateway.dhcp;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One lease as the server under test holds it (for dnsmasq, a line of its lease file).
 *
 * @param mac      the client's hardware address, lower case, colon-separated
 * @param hostname the name the server registered for it, if any
 * @param expires  when the lease runs out; {@link Instant#MAX} for an infinite one
 */
record ServerLease(String mac, Inet4Address address, Optional<String> hostname, Instant expires) {

    ServerLease {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(expires, "expires");
    }
}
