package io.edgeplane.dhcp.exchange;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A fixed address for one client ({@code dhcp-host}), with its name and lease time resolved. */
public record Reservation(Inet4Address address, Optional<String> name, Duration lease) {
    public Reservation {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lease, "lease");
    }
}
