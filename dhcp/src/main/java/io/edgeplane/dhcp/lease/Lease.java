package io.edgeplane.dhcp.lease;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.Optional;

/** TEMPORARY stand-in until the lease journal branch lands. */
public record Lease(Inet4Address address, HardwareAddress hardwareAddress, Optional<ClientId> clientId,
                    Optional<String> hostName, Instant expires) {
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
