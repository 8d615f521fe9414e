package io.edgeplane.core.os.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FFM UDP socket against the JDK's own sockets on loopback: batches both ways, kernel timestamps, close. */
class UdpSocketTest {

    private UdpSockets calls;

    @BeforeEach
    void load() {
        assumeTrue(UdpSockets.load().isPresent(), "UdpSockets needs Linux on x86-64 or arm64");
        calls = UdpSockets.load().orElseThrow();
    }

    @Test
    void aBatchOfDatagramsComesInWithKernelTimestampsAndSendersAndGoesBackInOneCall() throws Exception {
        try (Arena arena = Arena.ofConfined();
             UdpSocket socket = UdpSocket.open(calls, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false, 1 << 20);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(socket.localAddress().getPort()).isPositive();
            DatagramBatch batch = new DatagramBatch(arena, 8, 64, 16);
            assertThat(socket.receive(batch)).isZero();

            long before = System.currentTimeMillis() * 1_000_000L;
            for (int i = 0; i < 5; i++) {
                byte[] payload = new byte[10 + i];
                payload[0] = (byte) i;
                client.send(new DatagramPacket(payload, payload.length, socket.localAddress()));
            }
            int received = receiveAtLeast(socket, batch, 5);
            long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

            assertThat(received).isEqualTo(5);
            for (int i = 0; i < received; i++) {
                assertThat(batch.length(i)).isEqualTo(10 + i);
                assertThat(batch.truncated(i)).isFalse();
                assertThat(batch.payloads().get(ValueLayout.JAVA_BYTE, batch.payloadOffset(i))).isEqualTo((byte) i);
                assertThat(batch.receivedRealtimeNanos(i)).isBetween(before - 1_000_000L, after);
                if (i > 0) {
                    assertThat(batch.receivedRealtimeNanos(i)).isGreaterThanOrEqualTo(batch.receivedRealtimeNanos(i - 1));
                }
                assertThat(batch.senderHigh(i)).isZero();
                assertThat(batch.senderLow(i)).isEqualTo(0xffff_7f00_0001L);
                assertThat(batch.senderPort(i)).isEqualTo(client.getLocalPort());
                assertThat(batch.sender(i)).isEqualTo(client.getLocalSocketAddress());
                MemorySegment reply = batch.replies();
                reply.set(ValueLayout.JAVA_BYTE, batch.replyOffset(i), (byte) (100 + i));
                batch.replyTo(i, i, 3);
            }
            // In two calls, the second from the third reply on, as a server sends in small chunks.
            assertThat(socket.send(batch, 0, 2)).isEqualTo(2);
            assertThat(socket.send(batch, 2, received - 2)).isEqualTo(3);

            client.setSoTimeout(2000);
            Set<Byte> replies = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                DatagramPacket packet = new DatagramPacket(new byte[16], 16);
                client.receive(packet);
                assertThat(packet.getLength()).isEqualTo(3);
                replies.add(packet.getData()[0]);
            }
            assertThat(replies).containsExactlyInAnyOrder((byte) 100, (byte) 101, (byte) 102, (byte) 103, (byte) 104);
        }
    }

    @Test
    void aLongDatagramIsCutAndSaysSo() throws Exception {
        try (Arena arena = Arena.ofConfined();
             UdpSocket socket = UdpSocket.open(calls, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false, 0);
             DatagramSocket client = new DatagramSocket()) {
            DatagramBatch batch = new DatagramBatch(arena, 2, 32, 16);
            client.send(new DatagramPacket(new byte[100], 100, socket.localAddress()));
            assertThat(receiveAtLeast(socket, batch, 1)).isEqualTo(1);
            assertThat(batch.length(0)).isEqualTo(32);
            assertThat(batch.truncated(0)).isTrue();
        }
    }

    @Test
    void ipv6AndIpv4ClientsOfADualStackSocket() throws Exception {
        InetAddress any6 = InetAddress.getByName("::");
        UdpSocket socket;
        try {
            socket = UdpSocket.open(calls, new InetSocketAddress(any6, 0), false, 0);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 here: " + e.getMessage());
            return;
        }
        try (Arena arena = Arena.ofConfined(); socket;
             DatagramChannel v6 = DatagramChannel.open(StandardProtocolFamily.INET6);
             DatagramChannel v4 = DatagramChannel.open(StandardProtocolFamily.INET)) {
            DatagramBatch batch = new DatagramBatch(arena, 4, 64, 16);
            int port = socket.localAddress().getPort();
            v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            v6.send(ByteBuffer.wrap(new byte[] {6}), new InetSocketAddress(InetAddress.getByName("::1"), port));
            assertThat(receiveAtLeast(socket, batch, 1)).isEqualTo(1);
            assertThat(batch.senderHigh(0)).isZero();
            assertThat(batch.senderLow(0)).isEqualTo(1L);
            assertThat(batch.receivedRealtimeNanos(0)).isNotEqualTo(DatagramBatch.NO_TIMESTAMP);
            batch.replies().set(ValueLayout.JAVA_BYTE, 0, (byte) 66);
            batch.replyTo(0, 0, 1);
            assertThat(socket.send(batch, 1)).isEqualTo(1);
            ByteBuffer reply = ByteBuffer.allocate(4);
            v6.configureBlocking(true);
            v6.receive(reply);
            assertThat(reply.get(0)).isEqualTo((byte) 66);

            v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            v4.send(ByteBuffer.wrap(new byte[] {4}), new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertThat(receiveAtLeast(socket, batch, 1)).isEqualTo(1);
            // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; the batch gives that form either way.
            assertThat(batch.senderHigh(0)).isZero();
            assertThat(batch.senderLow(0)).isEqualTo(0xffff_7f00_0001L);
        }
    }

    @Test
    void reusePortSharesTheAddressAndCloseFreesIt() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        UdpSocket first = UdpSocket.open(calls, loopback, true, 0);
        InetSocketAddress bound = first.localAddress();
        UdpSocket second = UdpSocket.open(calls, bound, true, 0);
        assertThat(second.localAddress()).isEqualTo(bound);
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> UdpSocket.open(calls, bound, false, 0))
                .withMessageContaining("Address already in use");
        first.close();
        second.close();
        second.close();
        assertThat(second.isOpen()).isFalse();
        // Closed: the port is free again, without SO_REUSEPORT too.
        try (UdpSocket again = UdpSocket.open(calls, bound, false, 0)) {
            assertThat(again.localAddress()).isEqualTo(bound);
        }
    }

    private static int receiveAtLeast(UdpSocket socket, DatagramBatch batch, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        int received = 0;
        while (System.nanoTime() < deadline) {
            // Loopback delivers before send returns; a datagram may still be in the backlog of another CPU.
            Thread.sleep(5);
            received = socket.receive(batch);
            if (received >= wanted) {
                return received;
            }
            assertThat(received).isZero();
        }
        return received;
    }
}
