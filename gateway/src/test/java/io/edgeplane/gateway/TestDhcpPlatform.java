package io.edgeplane.gateway;

import io.edgeplane.dhcp.codec.DecodeResult;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageDecoder;
import io.edgeplane.dhcp.codec.DhcpMessageEncoder;
import io.edgeplane.dhcp.exchange.Delivery;
import io.edgeplane.dhcp.server.AddressProbe;
import io.edgeplane.dhcp.server.DhcpPlatform;
import io.edgeplane.dhcp.server.DhcpTransport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The DHCP server's kernel in memory, so a whole node with {@code dhcp} runs in a test without root, an interface or
 * port 67: every interface name resolves to {@code 198.18.7.1/24}, and a test plays the client through
 * {@link #exchange}. No probe: a config should say {@code probe: false}.
 */
public final class TestDhcpPlatform implements DhcpPlatform {

    /** The server's address on every interface, and so its identifier. */
    public static final Inet4Address SERVER = ipv4("198.18.7.1");

    private final BlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> fromServer = new LinkedBlockingQueue<>();

    @Override
    public Interface resolve(String interfaceName) {
        return new Interface(interfaceName, 7, SERVER, 24, new byte[] {2, 0, 0, 0, 7, 1});
    }

    @Override
    public DhcpTransport open(Interface network) {
        return new DhcpTransport() {
            private volatile boolean closed;

            @Override
            public int receive(Duration timeout, Consumer<Datagram> receiver) throws IOException {
                if (closed) {
                    throw new IOException("closed");
                }
                byte[] datagram;
                try {
                    datagram = toServer.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
                if (datagram == null) {
                    return 0;
                }
                receiver.accept(new Datagram(ByteBuffer.wrap(datagram), ipv4("0.0.0.0"), 68));
                return 1;
            }

            @Override
            public void send(ByteBuffer payload, Delivery delivery) {
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                fromServer.add(bytes);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public Optional<AddressProbe> probe(Interface network) {
        return Optional.empty();
    }

    /** Sends {@code request} to the server as a client on the wire would, and gives its reply. */
    public DhcpMessage exchange(DhcpMessage request) throws InterruptedException {
        toServer.add(DhcpMessageEncoder.encode(request));
        byte[] reply = fromServer.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("the DHCP server did not answer " + request.messageType().orElseThrow());
        }
        return ((DecodeResult.Valid) DhcpMessageDecoder.decode(reply, 0, reply.length)).message();
    }

    public static Inet4Address ipv4(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
