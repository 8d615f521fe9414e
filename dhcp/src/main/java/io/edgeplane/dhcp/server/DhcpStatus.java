package io.edgeplane.dhcp.server;

import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.util.List;

/**
 * What the stats page and the admin API show of the DHCP server, read on its thread.
 *
 * @param interfaceName the interface served
 * @param serverAddress the server identifier
 * @param poolSize      addresses in the ranges
 * @param poolFree      of those, neither leased, offered, reserved nor held back
 * @param leases        the leases held, by address
 */
public record DhcpStatus(String interfaceName, Inet4Address serverAddress, long poolSize, long poolFree,
                         List<Lease> leases) {
    public DhcpStatus {
        leases = List.copyOf(leases);
    }
}
