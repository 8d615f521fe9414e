package io.edgeplane.dhcp.server;

import io.edgeplane.core.os.net.BroadcastUdpSocket;
import io.edgeplane.core.os.net.Ipv4UdpFrame;
import io.edgeplane.core.os.net.Libc;
import io.edgeplane.core.os.net.MacAddress;
import io.edgeplane.core.os.net.PacketSocket;
import io.edgeplane.core.os.net.UdpReceiveBatch;
import io.edgeplane.dhcp.exchange.Delivery;
import io.edgeplane.dhcp.exchange.DhcpPorts;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The server's sockets on one interface: a UDP socket bound to the device on port 67 (broadcast and unicast
 * replies, in batches of received requests), and a packet socket for replies to clients that have no address yet,
 * written as whole Ethernet frames to their hardware address, as RFC 2131 §4.1 asks and ISC dhcpd does (there is
 * no ARP entry to send them through, and adding one would touch the host's neighbour table).
 */
final class KernelDhcpTransport implements DhcpTransport {

    /** Requests queued on the socket taken in one turn, and so covered by one journal commit. */
    static final int BATCH = 64;
    /** Bigger than any request a client may send over Ethernet; a longer one is dropped as truncated. */
    static final int DATAGRAM_SIZE = 1500;
    /** Asked of the kernel, which caps it at net.core.rmem_max. */
    static final int RECEIVE_BUFFER = 4 << 20;
    private static final Inet4Address LIMITED_BROADCAST = Ipv4Ints.address(0xFFFF_FFFFL);

    private final DhcpPlatform.Interface network;
    private final BroadcastUdpSocket socket;
    private final PacketSocket frames;
    private final UdpReceiveBatch batch;
    private final MacAddress ownMac;
    private final ByteBuffer frame = ByteBuffer.allocateDirect(Ipv4UdpFrame.length(DATAGRAM_SIZE * 2));

    KernelDhcpTransport(Libc libc, DhcpPlatform.Interface network) throws IOException {
        this.network = network;
        this.ownMac = MacAddress.of(network.hardwareAddress());
        this.socket = BroadcastUdpSocket.open(libc, network.name(), DhcpPorts.SERVER);
        try {
            // Requests queue here while the thread waits on fdatasync; after a power cut every client asks at once.
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            this.frames = PacketSocket.openSender(libc);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.batch = UdpReceiveBatch.allocate(BATCH, DATAGRAM_SIZE);
    }

    @Override
    public int receive(Duration timeout, Consumer<Datagram> receiver) throws IOException {
        int count = socket.receive(batch, timeout);
        int delivered = 0;
        for (int i = 0; i < count; i++) {
            if (batch.truncated(i) || batch.ifindex(i) != network.index()) {
                continue;
            }
            receiver.accept(new Datagram(batch.payload(i), batch.source(i), batch.sourcePort(i)));
            delivered++;
        }
        return delivered;
    }

    @Override
    public void send(ByteBuffer payload, Delivery delivery) throws IOException {
        switch (delivery) {
            case Delivery.Broadcast b -> socket.send(payload, LIMITED_BROADCAST, DhcpPorts.CLIENT);
            case Delivery.ToAddress to -> socket.send(payload, to.address(), to.port());
            case Delivery.ToHardware to -> {
                frame.clear();
                new Ipv4UdpFrame(ownMac, MacAddress.of(to.hardwareAddress().bytes()), network.address(),
                        DhcpPorts.SERVER, to.address(), DhcpPorts.CLIENT).write(payload, frame);
                frame.flip();
                frames.send(network.index(), frame);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        frames.close();
        batch.close();
    }
}
