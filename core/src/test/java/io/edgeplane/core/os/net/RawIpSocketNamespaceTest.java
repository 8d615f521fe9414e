package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Protocol-112 datagrams between two namespaces over a veth pair: what VRRP sends and what it must see of them. */
class RawIpSocketNamespaceTest {

    private static final int VRRP = 112;
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

    private RawIpSocket sender(NetworkNamespace ns, StandardProtocolFamily family, String device,
            InetAddress source, int ifindex) throws Exception {
        return ns.call(() -> {
            RawIpSocket socket = RawIpSocket.open(pair.libc, family, VRRP);
            socket.bindToDevice(device);
            socket.bind(source);
            socket.setMulticastInterface(ifindex);
            socket.setMulticastTtl(255);
            socket.setUnicastTtl(255);
            socket.setMulticastLoop(false);
            return socket;
        });
    }

    private RawIpSocket receiver(NetworkNamespace ns, StandardProtocolFamily family, String device,
            InetAddress group, int ifindex) throws Exception {
        return ns.call(() -> {
            RawIpSocket socket = RawIpSocket.open(pair.libc, family, VRRP);
            socket.bindToDevice(device);
            if (group != null) {
                socket.joinGroup(group, ifindex);
            }
            return socket;
        });
    }

    @Test
    void ipv4MulticastArrivesWithTtl255AndItsAddresses() throws Exception {
        InetAddress group = InetAddress.getByName("224.0.0.18");
        try (RawIpSocket out = sender(pair.a, StandardProtocolFamily.INET, pair.interfaceA,
                InetAddress.getByName(VethPair.ADDRESS_A), pair.ifindexA);
             RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET, pair.interfaceB, group,
                     pair.ifindexB)) {
            byte[] advert = "vrrp-v4-multicast".getBytes(StandardCharsets.US_ASCII);
            out.send(ByteBuffer.wrap(advert), group);

            ByteBuffer payload = ByteBuffer.allocate(1500);
            ReceivedDatagram datagram = in.receive(payload, WAIT).orElseThrow();
            assertThat(datagram.source()).isEqualTo(InetAddress.getByName(VethPair.ADDRESS_A));
            assertThat(datagram.destination()).isEqualTo(group);
            assertThat(datagram.ttl()).isEqualTo(255);
            assertThat(datagram.ifindex()).isEqualTo(pair.ifindexB);
            assertThat(datagram.length()).isEqualTo(advert.length);
            assertThat(datagram.truncated()).isFalse();
            assertThat(payload.flip()).isEqualTo(ByteBuffer.wrap(advert));
        }
    }

    @Test
    void ipv4UnicastToAPeerArrives() throws Exception {
        InetAddress peer = InetAddress.getByName(VethPair.ADDRESS_B);
        try (RawIpSocket out = sender(pair.a, StandardProtocolFamily.INET, pair.interfaceA,
                InetAddress.getByName(VethPair.ADDRESS_A), pair.ifindexA);
             RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET, pair.interfaceB, null, 0)) {
            out.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), peer);

            ByteBuffer payload = ByteBuffer.allocate(64);
            ReceivedDatagram datagram = in.receive(payload, WAIT).orElseThrow();
            assertThat(datagram.source()).isEqualTo(InetAddress.getByName(VethPair.ADDRESS_A));
            assertThat(datagram.destination()).isEqualTo(peer);
            assertThat(datagram.ttl()).isEqualTo(255);
            assertThat(payload.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        }
    }

    @Test
    void aDatagramSentWithTtl1IsSeenWithTtl1() throws Exception {
        InetAddress group = InetAddress.getByName("224.0.0.18");
        try (RawIpSocket out = sender(pair.a, StandardProtocolFamily.INET, pair.interfaceA,
                InetAddress.getByName(VethPair.ADDRESS_A), pair.ifindexA);
             RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET, pair.interfaceB, group,
                     pair.ifindexB)) {
            out.setMulticastTtl(1);
            out.send(ByteBuffer.wrap(new byte[] {9}), group);

            ReceivedDatagram datagram = in.receive(ByteBuffer.allocate(64), WAIT).orElseThrow();
            assertThat(datagram.ttl()).as("the VRRP layer drops this one (RFC 5798 §7.1)").isEqualTo(1);
        }
    }

    @Test
    void aDatagramLargerThanTheBufferIsReportedTruncated() throws Exception {
        InetAddress group = InetAddress.getByName("224.0.0.18");
        try (RawIpSocket out = sender(pair.a, StandardProtocolFamily.INET, pair.interfaceA,
                InetAddress.getByName(VethPair.ADDRESS_A), pair.ifindexA);
             RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET, pair.interfaceB, group,
                     pair.ifindexB)) {
            byte[] advert = new byte[300];
            for (int i = 0; i < advert.length; i++) {
                advert[i] = (byte) i;
            }
            out.send(ByteBuffer.wrap(advert), group);

            ByteBuffer payload = ByteBuffer.allocate(100);
            ReceivedDatagram datagram = in.receive(payload, WAIT).orElseThrow();
            assertThat(datagram.truncated()).isTrue();
            assertThat(datagram.length()).isEqualTo(300);
            assertThat(payload.position()).isEqualTo(100);
            assertThat(payload.flip()).isEqualTo(ByteBuffer.wrap(advert, 0, 100));
        }
    }

    @Test
    void ipv6MulticastArrivesWithHopLimit255FromTheLinkLocalAddress() throws Exception {
        InetAddress group = InetAddress.getByName("ff02::12");
        AssignedAddress source = pair.a.call(() -> {
            try (Rtnetlink rtnetlink = Rtnetlink.open(pair.libc)) {
                return AssignedAddress.primary(rtnetlink.addresses(pair.ifindexA), StandardProtocolFamily.INET6)
                        .orElseThrow();
            }
        });
        assertThat(source.address().isLinkLocalAddress()).isTrue();
        assertThat(((Inet6Address) source.address()).getScopeId()).isEqualTo(pair.ifindexA);
        try (RawIpSocket out = sender(pair.a, StandardProtocolFamily.INET6, pair.interfaceA, source.address(),
                pair.ifindexA);
             RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET6, pair.interfaceB, group,
                     pair.ifindexB)) {
            // A checksum field (offset 6) that is plainly wrong: no IPV6_CHECKSUM, so the kernel neither fills
            // it in on sending nor drops the datagram on receiving; the VRRP codec owns the checksum.
            byte[] advert = {0x31, 7, 100, 1, 0, 100, (byte) 0xDE, (byte) 0xAD, 0x20, 0x01, 0, 2, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 1, 0};
            out.send(ByteBuffer.wrap(advert), group);

            ByteBuffer payload = ByteBuffer.allocate(1500);
            ReceivedDatagram datagram = in.receive(payload, WAIT).orElseThrow();
            InetAddress expectedSource = Inet6Address.getByAddress(null, source.address().getAddress(), pair.ifindexB);
            assertThat(datagram.source()).isEqualTo(expectedSource);
            assertThat(datagram.destination()).isEqualTo(group);
            assertThat(datagram.ttl()).isEqualTo(255);
            assertThat(datagram.ifindex()).isEqualTo(pair.ifindexB);
            assertThat(payload.flip()).as("byte for byte, checksum untouched").isEqualTo(ByteBuffer.wrap(advert));
        }
    }

    @Test
    void ipv6UnicastToALinkLocalPeerArrivesWithHopLimit255() throws Exception {
        InetAddress[] linkLocal = new InetAddress[2];
        linkLocal[0] = linkLocal(pair.a, pair.ifindexA);
        linkLocal[1] = linkLocal(pair.b, pair.ifindexB);
        try (RawIpSocket out = sender(pair.a, StandardProtocolFamily.INET6, pair.interfaceA, linkLocal[0],
                pair.ifindexA);
             RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET6, pair.interfaceB, null, 0)) {
            // Without a scope id: the bound device says which link.
            InetAddress peer = InetAddress.getByAddress(linkLocal[1].getAddress());
            out.send(ByteBuffer.wrap(new byte[] {5, 6}), peer);

            ByteBuffer payload = ByteBuffer.allocate(64);
            ReceivedDatagram datagram = in.receive(payload, WAIT).orElseThrow();
            assertThat(datagram.destination()).isEqualTo(peer);
            assertThat(datagram.source().getAddress()).isEqualTo(linkLocal[0].getAddress());
            assertThat(datagram.ttl()).isEqualTo(255);
            assertThat(payload.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {5, 6}));
        }
    }

    private InetAddress linkLocal(NetworkNamespace ns, int ifindex) throws Exception {
        return ns.call(() -> {
            try (Rtnetlink rtnetlink = Rtnetlink.open(pair.libc)) {
                return AssignedAddress.primary(rtnetlink.addresses(ifindex), StandardProtocolFamily.INET6)
                        .orElseThrow().address();
            }
        });
    }

    @Test
    void nothingArrivingEndsTheReceiveAtItsTimeout() throws Exception {
        try (RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET, pair.interfaceB,
                InetAddress.getByName("224.0.0.18"), pair.ifindexB)) {
            long start = System.nanoTime();
            Optional<ReceivedDatagram> none = in.receive(ByteBuffer.allocate(64), Duration.ofMillis(150));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(none).isEmpty();
            assertThat(tookMillis).isBetween(140L, 1_000L);
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReceivePromptly() throws Exception {
        RawIpSocket in = receiver(pair.b, StandardProtocolFamily.INET, pair.interfaceB,
                InetAddress.getByName("224.0.0.18"), pair.ifindexB);
        CompletableFuture<Long> ended = new CompletableFuture<>();
        Thread receiving = Thread.ofPlatform().name("blocked-receive").start(() -> {
            try {
                in.receive(ByteBuffer.allocate(64), Duration.ofSeconds(30));
                ended.completeExceptionally(new AssertionError("receive returned instead of ending with close"));
            } catch (Throwable t) {
                ended.complete(System.nanoTime());
                if (!(t instanceof AsynchronousCloseException)) {
                    ended.obtrudeException(t);
                }
            }
        });
        Thread.sleep(200);
        assertThat(receiving.isAlive()).as("receive blocks while nothing arrives").isTrue();
        long closing = System.nanoTime();
        in.close();
        long endedAt = ended.get(2, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(endedAt - closing)).isLessThan(100);
        receiving.join(1_000);
        assertThat(receiving.isAlive()).isFalse();
        assertThatThrownBy(() -> in.receive(ByteBuffer.allocate(8), Duration.ZERO))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aForeignFamilyAddressIsRefusedByName() throws Exception {
        try (RawIpSocket socket = receiver(pair.a, StandardProtocolFamily.INET, pair.interfaceA, null, 0)) {
            assertThatThrownBy(() -> socket.send(ByteBuffer.allocate(1), InetAddress.getByName("ff02::12")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ff02:0:0:0:0:0:0:12")
                    .hasMessageContaining("expected an IPv4 address");
            assertThatThrownBy(() -> socket.bindToDevice("name-of-16-bytes"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1..15 bytes");
            assertThatThrownBy(() -> socket.bindToDevice("nosuchdev0"))
                    .isInstanceOf(SystemCallException.class).hasMessageContaining("ENODEV")
                    .hasMessageContaining("nosuchdev0");
        }
    }
}
