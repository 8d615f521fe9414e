package io.edgeplane.ntp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.ntp.server.NtpService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poller against edgeplane's own NTP server on loopback, and against a server that forges its replies. */
class SourcePollerTest {

    private final EventLoops loops = EventLoops.create(1);
    private final List<Measurement> measurements = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private NtpService server;
    private SourcePoller poller;

    private final SourcePoller.Listener listener = new SourcePoller.Listener() {
        @Override
        public void measured(SourcePoller source, Measurement measurement) {
            measurements.add(measurement);
        }

        @Override
        public void refused(SourcePoller source, String code) {
            refusals.add(code);
        }
    };

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(1)).join();
        }
        loops.shutdown(Duration.ofSeconds(2));
    }

    private static long unixNanos() {
        Instant now = Clock.systemUTC().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private SourcePoller poller(int port) {
        return new SourcePoller(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 6, 10, true,
                loops.group().next(), loops.datagramChannelType(), SourcePollerTest::unixNanos, new SecureRandom(), listener);
    }

    @Test
    void iburstMeasuresALoopbackServerWithinMillisecondsOfOurOwnClock() throws Exception {
        server = new NtpService(loops, new SimpleMeterRegistry(), Clock.systemUTC(), System::nanoTime,
                Runnable::run, java.net.InetAddress::getAllByName, java.util.Optional.empty());
        server.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                ntp: { listen: [127.0.0.1:0], allow: [127.0.0.1], local_stratum: 10 }
                """)).commit();
        String endpoint = server.endpoints().getFirst();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));

        poller = poller(port);
        poller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (measurements.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(measurements).as("two iburst exchanges within 10 s").hasSizeGreaterThanOrEqualTo(2);
        Measurement first = measurements.getFirst();
        assertThat(first.reply().stratum()).isEqualTo(10);
        assertThat(Math.abs(first.offsetNanos())).as("the server serves our own clock").isLessThan(5_000_000L);
        assertThat(first.delayNanos()).as("a loopback round trip").isLessThan(50_000_000L);
        assertThat(first.t1()).isLessThanOrEqualTo(first.t4());
    }

    @Test
    void forgedRepliesWithoutTheCookieAreNeverMeasurements() throws Exception {
        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            forger.setSoTimeout(5000);
            poller = poller(forger.getLocalPort());
            poller.start();
            DatagramPacket request = new DatagramPacket(new byte[128], 128);
            forger.receive(request);
            byte[] forged = java.util.Arrays.copyOf(request.getData(), 48);
            forged[0] = 0x24; // LI 0, v4, mode 4
            forged[1] = 1;
            // Origin = a guess, not the request's transmit time; receive and transmit times set.
            for (int i = 24; i < 48; i++) {
                forged[i] = (byte) (0x40 + i);
            }
            forger.send(new DatagramPacket(forged, forged.length, request.getSocketAddress()));
            Thread.sleep(300);
        }

        assertThat(measurements).isEmpty();
        assertThat(poller.bogusReplies()).isEqualTo(1);
    }
}
