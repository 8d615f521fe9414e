package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DHCP server's unicast reply to a client without an address, as the server would send it: the server's MAC
 * and address looked up with rtnetlink, the frame built by {@link Ipv4UdpFrame}, sent through a
 * {@link PacketSocket}, and received by the peer's kernel (which checks the IPv4 header's checksum) and UDP socket.
 */
class Ipv4UdpFrameNamespaceTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private VethPair pair;

    @BeforeEach
    void createPair() throws Exception {
        pair = VethPair.create();
    }

    @AfterEach
    void deletePair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** What the server needs of its interface: ifindex, MAC and IPv4 address with prefix, by name. */
    private record ServerInterface(int ifindex, MacAddress mac, Inet4Address address, int prefixLength) {
    }

    private ServerInterface lookUp(NetworkNamespace ns, String name) throws Exception {
        return ns.call(() -> {
            try (Rtnetlink rtnetlink = Rtnetlink.open(pair.libc)) {
                Link link = rtnetlink.link(name).orElseThrow();
                AssignedAddress primary = AssignedAddress.primary(rtnetlink.addresses(link.index()),
                        StandardProtocolFamily.INET).orElseThrow();
                return new ServerInterface(link.index(), link.hardwareAddress().orElseThrow(),
                        (Inet4Address) primary.address(), primary.prefixLength());
            }
        });
    }

    @Test
    void rtnetlinkGivesTheServerIdentifierAndMacByInterfaceName() throws Exception {
        ServerInterface server = lookUp(pair.a, pair.interfaceA);
        assertThat(server.ifindex()).isEqualTo(pair.ifindexA);
        assertThat(server.address()).isEqualTo(InetAddress.getByName(VethPair.ADDRESS_A));
        assertThat(server.prefixLength()).isEqualTo(24);
        String shown = VethPair.ip("-n", pair.a.name(), "link", "show", pair.interfaceA);
        assertThat(shown).contains("link/ether " + server.mac());
    }

    @Test
    void aFrameToThePeersAddressReachesItsUdpSocketWithValidChecksums() throws Exception {
        ServerInterface server = lookUp(pair.a, pair.interfaceA);
        ServerInterface client = lookUp(pair.b, pair.interfaceB);
        byte[] offer = "DHCPOFFER unicast to yiaddr/chaddr".getBytes(StandardCharsets.US_ASCII);
        try (PacketSocket sender = pair.a.call(() -> PacketSocket.openSender(pair.libc));
             PacketSocket capture = pair.b.call(() -> {
                 PacketSocket socket = PacketSocket.open(pair.libc, Abi.ETH_P_IP);
                 socket.bind(client.ifindex());
                 return socket;
             });
             BroadcastUdpSocket clientSocket = pair.b.call(() -> BroadcastUdpSocket.open(pair.libc,
                     pair.interfaceB, 68));
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(8, 1472)) {
            // First one to an address B does not have: its kernel does not forward, so no socket sees it.
            Inet4Address notB = (Inet4Address) InetAddress.getByName("198.18.0.77");
            send(sender, server, new Ipv4UdpFrame(server.mac(), client.mac(), server.address(), 67, notB, 68),
                    "not for B".getBytes(StandardCharsets.US_ASCII));
            Ipv4UdpFrame addressing = new Ipv4UdpFrame(server.mac(), client.mac(), server.address(), 67,
                    client.address(), 68);
            byte[] sent = send(sender, server, addressing, offer);

            assertThat(clientSocket.receive(batch, WAIT)).as("only the frame to B's address").isEqualTo(1);
            byte[] payload = new byte[batch.payload(0).remaining()];
            batch.payload(0).get(payload);
            assertThat(payload).isEqualTo(offer);
            assertThat(batch.source(0)).isEqualTo(server.address());
            assertThat(batch.sourcePort(0)).isEqualTo(67);
            assertThat(batch.destination(0)).isEqualTo(client.address());
            assertThat(batch.ifindex(0)).isEqualTo(client.ifindex());

            byte[] captured = captureUdpTo(capture, client.address())
                    .orElseThrow(() -> new AssertionError("the frame was not captured on B"));
            assertThat(captured).as("byte for byte what was sent").isEqualTo(sent);
            assertThat(ReferenceChecksums.ipv4HeaderValid(captured, 14)).isTrue();
            assertThat(ReferenceChecksums.udpValid(captured, 14)).isTrue();
            assertThat(captured[14 + 8] & 0xFF).as("TTL").isEqualTo(64);
        }
    }

    @Test
    void framesWithABrokenChecksumAreDroppedAndCountedByThePeersKernel() throws Exception {
        // The control for the test above: this path (AF_PACKET into a veth) has the peer's kernel check both
        // checksums, so a frame that reaches the socket had right ones.
        ServerInterface server = lookUp(pair.a, pair.interfaceA);
        ServerInterface client = lookUp(pair.b, pair.interfaceB);
        try (PacketSocket sender = pair.a.call(() -> PacketSocket.openSender(pair.libc));
             BroadcastUdpSocket clientSocket = pair.b.call(() -> BroadcastUdpSocket.open(pair.libc,
                     pair.interfaceB, 68));
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(8, 1472)) {
            Ipv4UdpFrame addressing = new Ipv4UdpFrame(server.mac(), client.mac(), server.address(), 67,
                    client.address(), 68);
            long headerErrors = snmp(pair.b, "Ip", "InHdrErrors");
            long udpChecksumErrors = snmp(pair.b, "Udp", "InCsumErrors");

            sender.send(server.ifindex(), broken(addressing, 14 + 10));
            sender.send(server.ifindex(), broken(addressing, 14 + 20 + 6));

            assertThat(clientSocket.receive(batch, Duration.ofMillis(500))).isZero();
            assertThat(snmp(pair.b, "Ip", "InHdrErrors")).isEqualTo(headerErrors + 1);
            assertThat(snmp(pair.b, "Udp", "InCsumErrors")).isEqualTo(udpChecksumErrors + 1);
        }
    }

    /** A frame whose byte {@code at} (in a checksum) has one bit flipped. */
    private static ByteBuffer broken(Ipv4UdpFrame addressing, int at) {
        ByteBuffer frame = ByteBuffer.allocate(100);
        addressing.write(ByteBuffer.wrap("broken".getBytes(StandardCharsets.US_ASCII)), frame);
        frame.flip();
        frame.put(at, (byte) (frame.get(at) ^ 0x01));
        return frame;
    }

    /** A counter of {@code /proc/net/snmp} in {@code ns}: the line after the header line naming it. */
    private static long snmp(NetworkNamespace ns, String group, String name) throws Exception {
        // thread-self: /proc/net is /proc/self/net, the main thread's namespace, not this thread's.
        List<String> lines = ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/snmp")));
        for (int i = 0; i + 1 < lines.size(); i++) {
            List<String> names = List.of(lines.get(i).split("\\s+"));
            if (names.getFirst().equals(group + ":") && lines.get(i + 1).startsWith(group + ":")
                    && names.contains(name)) {
                return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf(name)]);
            }
        }
        throw new AssertionError("no " + group + " " + name + " in /proc/net/snmp");
    }

    private static byte[] send(PacketSocket sender, ServerInterface server, Ipv4UdpFrame addressing, byte[] payload)
            throws Exception {
        ByteBuffer frame = ByteBuffer.allocate(Ipv4UdpFrame.length(payload.length));
        addressing.write(ByteBuffer.wrap(payload), frame);
        frame.flip();
        byte[] bytes = frame.array().clone();
        sender.send(server.ifindex(), frame);
        return bytes;
    }

    /** The first captured IPv4 UDP frame to {@code destination}; B's own traffic is passed over. */
    private static Optional<byte[]> captureUdpTo(PacketSocket capture, Inet4Address destination) throws Exception {
        byte[] wanted = destination.getAddress();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int seen = 0; seen < 50 && System.nanoTime() - deadline < 0; seen++) {
            ByteBuffer frame = ByteBuffer.allocate(2048);
            if (capture.receive(frame, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = new byte[frame.flip().remaining()];
            frame.get(bytes);
            if (bytes.length > 42 && bytes[14 + 9] == 17
                    && ByteBuffer.wrap(bytes, 14 + 16, 4).equals(ByteBuffer.wrap(wanted))) {
                return Optional.of(bytes);
            }
        }
        return Optional.empty();
    }
}
