package io.edgeplane.dhcp.server;

import io.edgeplane.dhcp.exchange.Delivery;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/** How the server thread receives requests and sends replies on its interface. */
public interface DhcpTransport extends AutoCloseable {

    /** A datagram as it arrived: its payload (valid only during the callback) and its IP source. */
    record Datagram(ByteBuffer payload, Inet4Address source, int sourcePort) {
    }

    /**
     * Waits up to {@code timeout} for a datagram, then hands every datagram queued (up to a batch) to
     * {@code receiver}; returns how many. Returns 0 on timeout.
     */
    int receive(Duration timeout, Consumer<Datagram> receiver) throws IOException;

    /** Sends one reply. */
    void send(ByteBuffer payload, Delivery delivery) throws IOException;

    /** Ends a blocked {@link #receive} soon after, and frees the sockets. */
    @Override
    void close();
}
