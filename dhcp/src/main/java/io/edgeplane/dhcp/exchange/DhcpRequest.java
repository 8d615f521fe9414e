package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.codec.DhcpMessage;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * A decoded request as it arrived.
 *
 * @param message the message
 * @param source  the IP source address (0.0.0.0 from a client without an address)
 */
public record DhcpRequest(DhcpMessage message, Inet4Address source) {
    public DhcpRequest {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }
}
