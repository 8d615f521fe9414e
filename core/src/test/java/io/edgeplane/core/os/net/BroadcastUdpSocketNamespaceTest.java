package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DHCP server's socket on port 67 in one namespace and a client's on port 68 in the other, over a veth pair:
 * broadcast from a client without an address, broadcast back, unicast, batches both ways, close and timeouts.
 */
class BroadcastUdpSocketNamespaceTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private VethPair pair;
    private Inet4Address broadcast;
    private Inet4Address serverAddress;

    @BeforeEach
    void createPair() throws Exception {
        pair = VethPair.create();
        broadcast = (Inet4Address) InetAddress.getByName("255.255.255.255");
        serverAddress = (Inet4Address) InetAddress.getByName(VethPair.ADDRESS_A);
    }

    @AfterEach
    void deletePair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private BroadcastUdpSocket server() throws Exception {
        return pair.a.call(() -> BroadcastUdpSocket.open(pair.libc, pair.interfaceA, 67));
    }

    private BroadcastUdpSocket client() throws Exception {
        return pair.b.call(() -> BroadcastUdpSocket.open(pair.libc, pair.interfaceB, 68));
    }

    /** B as a DHCP client before its first lease: up, but without an IPv4 address. */
    private void removeTheClientsAddress() throws Exception {
        VethPair.ip("-n", pair.b.name(), "addr", "flush", "dev", pair.interfaceB);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void aBroadcastFromAClientWithoutAnAddressArrivesWithItsPktinfo() throws Exception {
        removeTheClientsAddress();
        try (BroadcastUdpSocket server = server(); BroadcastUdpSocket client = client();
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(64, 1472)) {
            client.send(ascii("DHCPDISCOVER"), broadcast, 67);

            assertThat(server.receive(batch, WAIT)).isEqualTo(1);
            assertThat(batch.count()).isEqualTo(1);
            assertThat(batch.source(0)).isEqualTo(InetAddress.getByName("0.0.0.0"));
            assertThat(batch.sourcePort(0)).isEqualTo(68);
            assertThat(batch.destination(0)).isEqualTo(broadcast);
            assertThat(batch.isLimitedBroadcast(0)).isTrue();
            assertThat(batch.ifindex(0)).isEqualTo(pair.ifindexA);
            assertThat(batch.length(0)).isEqualTo(12);
            assertThat(batch.truncated(0)).isFalse();
            assertThat(text(batch.payload(0))).isEqualTo("DHCPDISCOVER");
            assertThat(batch.payload(0).isReadOnly()).isTrue();
        }
    }

    @Test
    void tenQueuedDatagramsComeBackFromOneReceive() throws Exception {
        removeTheClientsAddress();
        try (BroadcastUdpSocket server = server(); BroadcastUdpSocket client = client();
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(64, 1472)) {
            for (int i = 0; i < 10; i++) {
                client.send(ascii("discover-" + i), broadcast, 67);
            }
            awaitQueued(67, 10);

            assertThat(server.receive(batch, WAIT)).as("all ten in one recvmmsg").isEqualTo(10);
            for (int i = 0; i < 10; i++) {
                assertThat(text(batch.payload(i))).isEqualTo("discover-" + i);
                assertThat(batch.ifindex(i)).isEqualTo(pair.ifindexA);
                assertThat(batch.isLimitedBroadcast(i)).isTrue();
            }
            assertThatThrownBy(() -> batch.payload(10)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("expected 0..9");
        }
    }

    /**
     * Waits (at most 2 seconds) until A's kernel has queued {@code count} datagrams for port {@code port}: veth
     * delivers in a softirq that may run after the sender's call returned, and receiving to find out would take
     * them. /proc/net/udp's rx_queue counts the bytes the queued buffers take, at least 512 per datagram.
     */
    private void awaitQueued(int port, int count) throws Exception {
        String localPort = String.format(":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() - deadline < 0) {
            // thread-self: /proc/net is /proc/self/net, the main thread's namespace, not this thread's.
            String udp = pair.a.call(() -> Files.readString(Path.of("/proc/thread-self/net/udp")));
            boolean queued = udp.lines().filter(line -> line.contains(localPort)).anyMatch(line -> {
                String[] fields = line.trim().split("\\s+");
                long rxBytes = Long.parseLong(fields[4].split(":")[1], 16);
                return rxBytes >= count * 512L;
            });
            if (queued) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(count + " datagrams not queued for port " + port + " within 2 s");
    }

    @Test
    void aBroadcastReplyReachesAClientWithoutAnAddress() throws Exception {
        removeTheClientsAddress();
        try (BroadcastUdpSocket server = server(); BroadcastUdpSocket client = client();
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(8, 1472)) {
            server.send(ascii("DHCPOFFER"), broadcast, 68);

            assertThat(client.receive(batch, WAIT)).isEqualTo(1);
            assertThat(text(batch.payload(0))).isEqualTo("DHCPOFFER");
            assertThat(batch.source(0)).as("from the server's address on the bound interface")
                    .isEqualTo(serverAddress);
            assertThat(batch.sourcePort(0)).isEqualTo(67);
            assertThat(batch.destination(0)).isEqualTo(broadcast);
            assertThat(batch.ifindex(0)).isEqualTo(pair.ifindexB);
        }
    }

    @Test
    void aSendBatchGoesOutInOneCallAndArrivesInOrder() throws Exception {
        removeTheClientsAddress();
        try (BroadcastUdpSocket server = server(); BroadcastUdpSocket client = client();
             UdpSendBatch replies = UdpSendBatch.allocate(16, 1472);
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(16, 1472)) {
            for (int i = 0; i < 5; i++) {
                assertThat(replies.add(ascii("ack-" + i), broadcast, 68)).isTrue();
            }
            assertThat(server.send(replies)).isEqualTo(5);

            List<String> received = new ArrayList<>();
            while (received.size() < 5 && client.receive(batch, WAIT) > 0) {
                for (int i = 0; i < batch.count(); i++) {
                    received.add(text(batch.payload(i)));
                }
            }
            assertThat(received).containsExactly("ack-0", "ack-1", "ack-2", "ack-3", "ack-4");
        }
    }

    @Test
    void aFullSendBatchRefusesMoreAndOversizedPayloadsAreRefusedByName() {
        try (UdpSendBatch replies = UdpSendBatch.allocate(2, 8)) {
            assertThat(replies.add(ascii("a"), broadcast, 68)).isTrue();
            assertThat(replies.add(ascii("b"), broadcast, 68)).isTrue();
            assertThat(replies.add(ascii("c"), broadcast, 68)).isFalse();
            assertThat(replies.count()).isEqualTo(2);
            assertThatThrownBy(() -> replies.add(ascii("123456789"), broadcast, 68))
                    .hasMessageContaining("payload of 9 bytes: expected at most 8");
            assertThatThrownBy(() -> replies.add(ascii("a"), broadcast, 0)).hasMessageContaining("port 0");
            replies.clear();
            assertThat(replies.count()).isZero();
        }
        assertThatThrownBy(() -> UdpReceiveBatch.allocate(0, 1472)).hasMessageContaining("capacity 0");
        assertThatThrownBy(() -> UdpReceiveBatch.allocate(1025, 1472)).hasMessageContaining("1..1024");
        assertThatThrownBy(() -> UdpSendBatch.allocate(4, 70_000)).hasMessageContaining("datagram size 70000");
    }

    @Test
    void aUnicastRequestShowsTheServersAddressAsItsDestination() throws Exception {
        try (BroadcastUdpSocket server = server(); BroadcastUdpSocket client = client();
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(8, 1472)) {
            client.send(ascii("DHCPREQUEST renewing"), serverAddress, 67);

            assertThat(server.receive(batch, WAIT)).isEqualTo(1);
            assertThat(batch.destination(0)).isEqualTo(serverAddress);
            assertThat(batch.isLimitedBroadcast(0)).isFalse();
            assertThat(batch.source(0)).isEqualTo(InetAddress.getByName(VethPair.ADDRESS_B));
            assertThat(batch.ifindex(0)).isEqualTo(pair.ifindexA);
        }
    }

    @Test
    void aDatagramLongerThanItsSlotIsCutAndSaysSo() throws Exception {
        try (BroadcastUdpSocket server = server(); BroadcastUdpSocket client = client();
             UdpReceiveBatch batch = UdpReceiveBatch.allocate(4, 16)) {
            byte[] long300 = new byte[300];
            for (int i = 0; i < long300.length; i++) {
                long300[i] = (byte) i;
            }
            client.send(ByteBuffer.wrap(long300), broadcast, 67);

            assertThat(server.receive(batch, WAIT)).isEqualTo(1);
            assertThat(batch.truncated(0)).isTrue();
            assertThat(batch.length(0)).isEqualTo(300);
            assertThat(batch.payload(0)).isEqualTo(ByteBuffer.wrap(long300, 0, 16));
        }
    }

    @Test
    void oneSocketPerInterfaceSharesThePort() throws Exception {
        // SO_BINDTODEVICE before bind: port 67 is taken per interface, as ISC dhcpd's per-interface sockets need.
        try (BroadcastUdpSocket veth = server();
             BroadcastUdpSocket loopback = pair.a.call(() -> BroadcastUdpSocket.open(pair.libc, "lo", 67))) {
            assertThat(veth.port()).isEqualTo(loopback.port()).isEqualTo(67);
            assertThat(loopback.interfaceName()).isEqualTo("lo");
        }
        assertThatThrownBy(() -> pair.a.call(() -> BroadcastUdpSocket.open(pair.libc, "nosuchdev0", 67)))
                .isInstanceOf(SystemCallException.class).hasMessageContaining("ENODEV")
                .hasMessageContaining("nosuchdev0");
    }

    @Test
    void nothingArrivingEndsTheReceiveAtItsTimeout() throws Exception {
        try (BroadcastUdpSocket server = server(); UdpReceiveBatch batch = UdpReceiveBatch.allocate(4, 1472)) {
            long start = System.nanoTime();
            int received = server.receive(batch, Duration.ofMillis(150));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(received).isZero();
            assertThat(batch.count()).isZero();
            assertThat(tookMillis).isBetween(140L, 1_000L);
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReceivePromptly() throws Exception {
        BroadcastUdpSocket server = server();
        UdpReceiveBatch batch = UdpReceiveBatch.allocate(4, 1472);
        CompletableFuture<Long> ended = new CompletableFuture<>();
        Thread receiving = Thread.ofPlatform().name("blocked-receive").start(() -> {
            try {
                server.receive(batch, Duration.ofSeconds(30));
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
        server.close();
        long endedAt = ended.get(2, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(endedAt - closing)).isLessThan(100);
        receiving.join(1_000);
        batch.close();
        assertThatThrownBy(() -> server.receive(UdpReceiveBatch.allocate(1, 1), Duration.ZERO))
                .isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> server.send(ascii("late"), broadcast, 68)).isInstanceOf(ClosedChannelException.class);
    }
}
