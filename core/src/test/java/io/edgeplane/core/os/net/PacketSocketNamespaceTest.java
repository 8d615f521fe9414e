package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Announcements sent over AF_PACKET in one namespace, captured by an AF_PACKET socket in the other. */
class PacketSocketNamespaceTest {

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

    private MacAddress macOfA() throws Exception {
        return pair.a.call(() -> {
            try (Rtnetlink rtnetlink = Rtnetlink.open(pair.libc)) {
                return rtnetlink.link(pair.ifindexA).orElseThrow().hardwareAddress().orElseThrow();
            }
        });
    }

    private PacketSocket capture(int ethertype) throws Exception {
        return pair.b.call(() -> {
            PacketSocket socket = PacketSocket.open(pair.libc, ethertype);
            socket.bind(pair.ifindexB);
            return socket;
        });
    }

    private record Captured(ReceivedFrame frame, byte[] bytes) {
    }

    /**
     * The first captured frame that {@code wanted} accepts; other traffic of the type (the kernel's own MLD
     * reports, router solicitations) is passed over, at most 50 frames within 3 seconds.
     */
    private static Optional<Captured> captureFirst(PacketSocket socket, Predicate<byte[]> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (int seen = 0; seen < 50 && System.nanoTime() - deadline < 0; seen++) {
            ByteBuffer frame = ByteBuffer.allocate(2048);
            Optional<ReceivedFrame> received = socket.receive(frame,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (received.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = new byte[frame.flip().remaining()];
            frame.get(bytes);
            if (wanted.test(bytes)) {
                return Optional.of(new Captured(received.get(), bytes));
            }
        }
        return Optional.empty();
    }

    @Test
    void aGratuitousArpArrivesByteForByte() throws Exception {
        MacAddress mac = macOfA();
        ByteBuffer sent = GratuitousArp.frame(mac, (Inet4Address) InetAddress.getByName("198.18.0.100"));
        try (PacketSocket capture = capture(0x0806);
             PacketSocket sender = pair.a.call(() -> PacketSocket.openSender(pair.libc))) {
            byte[] expected = new byte[sent.remaining()];
            sent.duplicate().get(expected);
            sender.send(pair.ifindexA, sent);

            // The one from A's MAC: not an ARP of B's own kernel.
            Captured captured = captureFirst(capture, bytes -> bytes.length >= 12
                    && ByteBuffer.wrap(bytes, 6, 6).equals(ByteBuffer.wrap(mac.bytes())))
                    .orElseThrow(() -> new AssertionError("no gratuitous ARP captured in 3 s"));
            assertThat(captured.frame().ethertype()).isEqualTo(0x0806);
            assertThat(captured.frame().ifindex()).isEqualTo(pair.ifindexB);
            assertThat(captured.frame().packetType()).isEqualTo(ReceivedFrame.BROADCAST);
            assertThat(captured.frame().truncated()).isFalse();
            assertThat(captured.bytes()).isEqualTo(expected);
        }
    }

    @Test
    void anUnsolicitedNeighbourAdvertisementArrivesByteForByte() throws Exception {
        MacAddress mac = macOfA();
        Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:2::100");
        ByteBuffer sent = UnsolicitedNeighbourAdvertisement.frame(mac, vip, false);
        byte[] expected = new byte[sent.remaining()];
        sent.duplicate().get(expected);
        try (PacketSocket capture = capture(0x86DD);
             PacketSocket sender = pair.a.call(() -> PacketSocket.openSender(pair.libc))) {
            sender.send(pair.ifindexA, sent);

            // ICMPv6 type 136 at 14 + 40: the advertisement, not the kernel's own MLD or RS traffic.
            Captured captured = captureFirst(capture, bytes -> bytes.length > 54 && (bytes[20] & 0xFF) == 58
                    && (bytes[54] & 0xFF) == 136).orElseThrow(() -> new AssertionError("no NA captured in 3 s"));
            assertThat(captured.frame().packetType()).isEqualTo(ReceivedFrame.MULTICAST);
            assertThat(captured.bytes()).isEqualTo(expected);
        }
    }

    @Test
    void aFrameLargerThanTheBufferIsReportedTruncated() throws Exception {
        MacAddress mac = macOfA();
        try (PacketSocket capture = capture(0x0806);
             PacketSocket sender = pair.a.call(() -> PacketSocket.openSender(pair.libc))) {
            sender.send(pair.ifindexA, GratuitousArp.frame(mac, (Inet4Address) InetAddress.getByName("198.18.0.1")));
            ByteBuffer small = ByteBuffer.allocate(20);
            ReceivedFrame received = capture.receive(small, Duration.ofSeconds(3)).orElseThrow();
            assertThat(received.truncated()).isTrue();
            assertThat(received.length()).isEqualTo(GratuitousArp.LENGTH);
            assertThat(small.position()).isEqualTo(20);
        }
    }
}
