package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.util.Objects;

/** Where a reply goes (RFC 2131 §4.1). */
public sealed interface Delivery permits Delivery.Broadcast, Delivery.ToHardware, Delivery.ToAddress {

    /** To 255.255.255.255 port 68 on the interface: the client cannot take unicast yet, or asked for broadcast. */
    record Broadcast() implements Delivery {
    }

    /**
     * To the client's hardware address with the IP address it is being given: it has no address yet, so there is
     * no ARP entry to use, and the frame is written whole (RFC 2131 §4.1, "unicasts ... to the client's hardware
     * address and 'yiaddr' address").
     */
    record ToHardware(Inet4Address address, HardwareAddress hardwareAddress) implements Delivery {
        public ToHardware {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        }
    }

    /** To an address the IP layer can reach: a bound client's {@code ciaddr} on port 68, or a relay on port 67. */
    record ToAddress(Inet4Address address, int port) implements Delivery {
        public ToAddress {
            Objects.requireNonNull(address, "address");
        }
    }
}
