package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * chronyd as a client of edgeplane's NTP server on loopback: the time it measures is the system clock's (the
 * server serves that clock at its local stratum) to well under a millisecond; a client outside {@code allow}
 * gets nothing; a rate-limited client sees its excess requests go unanswered; ntpq's and ntpdc's control
 * modes (the monlist amplifier) get nothing at all.
 */
class ChronyClientInteropTest {

    private final EventLoops loops = EventLoops.create(1);
    private NtpService service;
    private int port;

    private void start(String settings) throws Exception {
        service = new NtpService(loops, new SimpleMeterRegistry(), Clock.systemUTC(), System::nanoTime,
                Runnable::run, java.net.InetAddress::getAllByName, java.util.Optional.empty());
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                ntp:
                  listen: [127.0.0.1:0]
                  local_stratum: 10
                %s""".formatted(settings))).commit();
        String endpoint = service.endpoints().getFirst();
        port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(Duration.ofSeconds(1)).join();
        }
        loops.shutdown(Duration.ofSeconds(2));
    }

    @Test
    void chronydMeasuresTheServedTimeWithinAMillisecondOfTheSystemClock() throws Exception {
        start("  allow: [127.0.0.1]\n");
        // A server that has just started runs its reply path in the interpreter: milliseconds spent after the
        // transmit time is stamped look to the client like a slow way back, half of which it reads as offset.
        // A running server has long compiled it, so warm it first, as its clients would.
        warmUp(2000);

        Chronyd.Run run = Chronyd.query(port, 20);

        assertThat(run.offsetSeconds()).as("chronyd's verdict in:%n%s", run.output()).isPresent();
        double offset = run.offsetSeconds().orElseThrow();
        System.out.printf("chronyd -Q against edgeplane: system clock wrong by %.6f s%n", offset);
        assertThat(Math.abs(offset)).as("|offset| in seconds").isLessThan(0.001);
        assertThat(service.counts().replies().get("time")).as("chronyd asks a few times before it decides").isGreaterThanOrEqualTo(2);
        assertThat(service.counts().stratum()).isEqualTo(10);
    }

    private void warmUp(int requests) throws Exception {
        byte[] request = new byte[48];
        request[0] = 0x23;
        request[47] = 1;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            DatagramPacket reply = new DatagramPacket(new byte[48], 48);
            for (int i = 0; i < requests; i++) {
                socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
                socket.receive(reply);
            }
        }
    }

    @Test
    void aClientOutsideAllowIsAnsweredWithNothing() throws Exception {
        start("  allow: [192.0.2.0/24]\n");

        Chronyd.Run run = Chronyd.query(port, 5);

        assertThat(run.offsetSeconds()).as("no time from a server that refuses us:%n%s", run.output()).isEmpty();
        assertThat(service.counts().dropped().get("denied")).isPositive();
        assertThat(service.counts().replies().get("time")).isZero();
    }

    @Test
    void aClientOverItsRateLimitGoesPartlyUnanswered() throws Exception {
        // One reply per 8 s on average and no burst to speak of: chronyd's iburst (four requests 2 s apart)
        // is over it at once; one limited request in 2^4 still gets the time (the leak).
        start("""
                  allow: [127.0.0.1]
                  rate_limit: { interval: 3, burst: 1, leak: 4 }
                """);

        Chronyd.query(port, 8);

        assertThat(service.counts().dropped().get("rate_limited")).isPositive();
        assertThat(service.counts().replies().get("time")).isPositive();
    }

    @Test
    void controlModesGetNoAnswerAtAll() throws Exception {
        start("  allow: [127.0.0.1]\n");
        // ntpdc's monlist (mode 7, request code 42) and ntpq's read variables (mode 6, opcode 2).
        byte[] monlist = new byte[48];
        monlist[0] = 0x17;
        monlist[1] = 0x00;
        monlist[2] = 0x03;
        monlist[3] = 0x2A;
        byte[] readvar = {0x16, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(500);
            for (byte[] request : new byte[][] {monlist, readvar}) {
                socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            }
            DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
            boolean answered;
            try {
                socket.receive(reply);
                answered = true;
            } catch (SocketTimeoutException e) {
                answered = false;
            }
            assertThat(answered).as("a reply to a control mode").isFalse();
        }
        assertThat(service.counts().dropped().get("control")).isEqualTo(2);
    }
}
