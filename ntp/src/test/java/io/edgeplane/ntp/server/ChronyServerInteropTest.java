package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.ntp.client.NtpClient;
import io.edgeplane.ntp.packet.NtpTimestamp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * edgeplane as a client of a real chronyd server on loopback ({@code chronyd -x}, which never touches the
 * system clock, serving at {@code local stratum 8}): within the iburst window edgeplane is synchronised to
 * it, measures it within a millisecond, and serves its own clients at stratum 9 with chronyd's address as
 * the reference ID.
 */
class ChronyServerInteropTest {

    @TempDir
    Path dir;
    private final EventLoops loops = EventLoops.create(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Process chronyd;
    private NtpService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop(Duration.ofSeconds(1)).join();
        }
        loops.shutdown(Duration.ofSeconds(2));
        if (chronyd != null) {
            chronyd.destroy();
            if (!chronyd.waitFor(5, TimeUnit.SECONDS)) {
                chronyd.destroyForcibly();
            }
        }
    }

    @Test
    void synchronisesToChronydWithinTheIburstWindowAndServesAtStratumNine() throws Exception {
        int chronyPort = freePort();
        chronyd = Chronyd.serve(dir, chronyPort, 8);
        service = new NtpService(loops, registry, Clock.systemUTC(), System::nanoTime, Runnable::run,
                InetAddress::getAllByName, java.util.Optional.empty());
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                ntp:
                  listen: [127.0.0.1:0]
                  allow: [127.0.0.1]
                  servers: [{ address: "127.0.0.1:%d", iburst: true }]
                """.formatted(chronyPort))).commit();

        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(15);
        while (!(service.clientStatus().synchronised() && service.counts().stratum() == 9)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        NtpClient.Status status = service.clientStatus();
        assertThat(status.synchronised()).as("synchronised within 15 s; chronyd's log:%n%s%nsources: %s",
                Files.readString(dir.resolve("chronyd.log")), status.sources()).isTrue();
        System.out.printf("edgeplane synchronised to chronyd (stratum 8) in %.1f s: offset %d ns, jitter %d ns%n",
                seconds, status.offsetNanos(), status.jitterNanos());
        assertThat(status.stratum()).isEqualTo(9);
        assertThat(Math.abs(status.offsetNanos())).as("|offset| in ns").isLessThan(1_000_000L);
        assertThat(status.sources().getFirst().state()).isEqualTo("system peer");
        assertThat(status.sources().getFirst().reach()).isPositive();

        assertThat(registry.get("edgeplane.ntp.stratum").gauge().value()).isEqualTo(9);
        assertThat(registry.get("edgeplane.ntp.synchronised").gauge().value()).isEqualTo(1);
        Thread.sleep(1100); // the per-source series are refreshed once a second
        assertThat(registry.get("edgeplane.ntp.source.reach").tag("source", "127.0.0.1:" + chronyPort).gauge().value())
                .isPositive();
        assertThat(service.stats().sources().getFirst().state()).isEqualTo("system peer");

        byte[] reply = ask(servedPort());
        assertThat(reply[1] & 0xFF).as("served stratum").isEqualTo(9);
        assertThat(reply[0] >> 6 & 3).as("leap indicator: no warning").isZero();
        assertThat(new byte[] {reply[12], reply[13], reply[14], reply[15]}).as("reference ID: chronyd's address")
                .containsExactly(127, 0, 0, 1);
    }

    @Test
    void withDisciplineSystemTheSystemClockIsSteppedAndSteeredToChronydsTime() throws Exception {
        int chronyPort = freePort();
        chronyd = Chronyd.serve(dir, chronyPort, 8);
        // A system clock 2.5 s behind this machine's (which chronyd serves): makestep's default (1 s, first 3
        // updates) steps edgeplane's time scale, and the system clock follows.
        OffsetSystemClock system = new OffsetSystemClock(-2_500_000_000L);
        service = new NtpService(loops, registry, Clock.systemUTC(), System::nanoTime, Runnable::run,
                InetAddress::getAllByName, java.util.Optional.of(system));
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                ntp:
                  listen: [127.0.0.1:0]
                  allow: [127.0.0.1]
                  servers: [{ address: "127.0.0.1:%d", iburst: true }]
                  discipline: system
                """.formatted(chronyPort))).commit();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!(service.clientStatus().synchronised() && !system.steps().isEmpty()
                && Boolean.TRUE.equals(system.synchronised())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(system.steps()).as("the system clock stepped once, by the 2.5 s it was behind").singleElement()
                .satisfies(step -> assertThat(step).isCloseTo(2_500_000_000L, org.assertj.core.data.Offset.offset(5_000_000L)));
        assertThat(Math.abs(system.offsetNanos())).as("the system clock is now on chronyd's time").isLessThan(5_000_000L);
        assertThat(system.synchronised()).isTrue();
        assertThat(service.stats().tracking().systemClock()).isEqualTo("steered");
        assertThat(service.stats().tracking().steps()).isEqualTo(1);
        assertThat(Math.abs(registry.get("edgeplane.ntp.system.clock.offset").gauge().value()))
                .as("the system clock against edgeplane's time, s").isLessThan(0.005);
        long served = new NtpTimestamp(java.nio.ByteBuffer.wrap(ask(servedPort()), 40, 8).getLong()).toUnixNanos();
        assertThat(Math.abs(served - System.currentTimeMillis() * 1_000_000L)).as("served time against this machine's clock")
                .isLessThan(10_000_000L);
    }

    private int servedPort() {
        String endpoint = service.endpoints().getFirst();
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
    }

    /** One NTPv4 client request to 127.0.0.1:{@code port}; the reply's first 48 bytes. */
    private static byte[] ask(int port) throws Exception {
        byte[] request = new byte[48];
        request[0] = 0x23; // LI 0, version 4, mode 3
        request[47] = 1;   // a non-zero transmit time
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket reply = new DatagramPacket(new byte[48], 48);
            socket.receive(reply);
            return reply.getData();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
