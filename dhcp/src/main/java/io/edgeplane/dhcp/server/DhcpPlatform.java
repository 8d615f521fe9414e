package io.edgeplane.dhcp.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/** The kernel pieces the server runs on: the interface's addressing, its sockets and the address probe. */
public interface DhcpPlatform {

    /**
     * An interface as the server sees it.
     *
     * @param name            its name
     * @param index           its ifindex
     * @param address         its primary IPv4 address: the server identifier
     * @param prefixLength    that address's prefix length: the subnet served
     * @param hardwareAddress its Ethernet address, the source of frames sent to clients without an address
     */
    record Interface(String name, int index, Inet4Address address, int prefixLength, byte[] hardwareAddress) {
        public Interface {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            hardwareAddress = hardwareAddress.clone();
        }

        /** Whether a new socket is needed to serve {@code other} instead. */
        boolean sameSocket(Interface other) {
            return name.equals(other.name) && index == other.index && address.equals(other.address);
        }
    }

    /** Looks the interface up; fails with a message naming it when it does not exist or has no IPv4 address. */
    Interface resolve(String interfaceName) throws IOException;

    /** Opens the server's sockets on the interface (port 67, which needs CAP_NET_BIND_SERVICE). */
    DhcpTransport open(Interface network) throws IOException;

    /** An ICMP echo probe on the interface, or empty where this process may not send one. */
    Optional<AddressProbe> probe(Interface network);
}
