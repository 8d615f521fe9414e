package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * The server's address on its interface, which is its server identifier (option 54) and the default router and
 * DNS server, and the interface's subnet.
 */
public record ServerIdentity(Inet4Address address, int prefixLength) {

    public ServerIdentity {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 1 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " leaves no room for clients; "
                    + "expected 1..30");
        }
    }

    /** Whether the address is in the interface's subnet. */
    public boolean inSubnet(Inet4Address other) {
        return Ipv4Ints.sameNetwork(other, address, netmask());
    }

    public Inet4Address netmask() {
        return Ipv4Ints.address(Ipv4Ints.mask(prefixLength));
    }

    public Inet4Address broadcast() {
        return Ipv4Ints.broadcast(address, netmask());
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
