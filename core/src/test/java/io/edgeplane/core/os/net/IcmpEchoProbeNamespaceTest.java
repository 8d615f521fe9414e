package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conflict detection between two namespaces: B's address answers, addresses nobody has do not. */
class IcmpEchoProbeNamespaceTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private VethPair pair;
    private Inet4Address peer;

    @BeforeEach
    void createPair() throws Exception {
        pair = VethPair.create();
        peer = address(VethPair.ADDRESS_B);
    }

    @AfterEach
    void deletePair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static Inet4Address address(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    /** 198.18.0.{@code host}: in the pair's subnet, held by nobody for host 3..254. */
    private static Inet4Address unused(int host) throws Exception {
        return address("198.18.0." + host);
    }

    private IcmpEchoProbe prober() throws Exception {
        return pair.a.call(() -> {
            IcmpEchoProbe probe = IcmpEchoProbe.open(pair.libc);
            probe.bindToDevice(pair.interfaceA);
            return probe;
        });
    }

    @Test
    void thePeersAddressIsInUseAndAnUnusedOneIsNot() throws Exception {
        try (IcmpEchoProbe probe = prober()) {
            assertThat(probe.isRaw()).as("root: a raw socket").isTrue();
            long start = System.nanoTime();
            assertThat(probe.probe(peer, ONE_SECOND).get(2, TimeUnit.SECONDS)).isTrue();
            long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answeredMillis).as("the reply, not the timeout, completed it").isLessThan(500);

            start = System.nanoTime();
            assertThat(probe.probe(unused(99), Duration.ofMillis(300)).get(2, TimeUnit.SECONDS)).isFalse();
            long timedOutMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(timedOutMillis).as("the timeout and a margin").isBetween(290L, 800L);
            assertThat(probe.inFlight()).isZero();
        }
    }

    @Test
    void fiftyProbesInFlightAllCompleteRight() throws Exception {
        try (IcmpEchoProbe probe = prober()) {
            // A first probe so that B's MAC is known and the classes are loaded: the figures are the batch's.
            assertThat(probe.probe(peer, ONE_SECOND).get(2, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Boolean>> toPeer = new ArrayList<>();
            List<CompletableFuture<Boolean>> toNobody = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 25; i++) {
                toPeer.add(probe.probe(peer, ONE_SECOND));
                toNobody.add(probe.probe(unused(100 + i), ONE_SECOND));
            }
            long submittedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            assertThat(probe.inFlight()).as("probe() returned at once, 25 at least wait").isGreaterThanOrEqualTo(25);
            CompletableFuture.allOf(toPeer.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
            long peerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            CompletableFuture.allOf(toNobody.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
            long allMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(toPeer).allSatisfy(f -> assertThat(f.join()).isTrue());
            assertThat(toNobody).allSatisfy(f -> assertThat(f.join()).isFalse());
            assertThat(peerMillis).as("all 25 replies well before the timeout").isLessThan(300);
            assertThat(allMillis).as("the timeouts, all at about one second").isBetween(990L, 1_800L);
            assertThat(probe.inFlight()).isZero();
            System.out.printf("IcmpEchoProbe: 50 probes sent in %d us, 25 replies in %d ms, 25 timeouts of 1 s done"
                    + " after %d ms%n", submittedMicros, peerMillis, allMillis);
        }
    }

    @Test
    void closeCompletesPendingProbesWithFalseAndRefusesLaterOnes() throws Exception {
        IcmpEchoProbe probe = prober();
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(probe.probe(unused(200 + i), Duration.ofSeconds(30)));
        }
        Thread.sleep(100);
        assertThat(pending).noneMatch(CompletableFuture::isDone);

        long closing = System.nanoTime();
        probe.close();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing)).isLessThan(200);
        assertThat(pending).allSatisfy(f -> assertThat(f.join()).isFalse());
        assertThat(probe.inFlight()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).as("the receive thread ended")
                .noneMatch(t -> t.getName().equals("icmp-probe") && t.isAlive());

        CompletableFuture<Boolean> late = probe.probe(peer, ONE_SECOND);
        assertThatThrownBy(() -> late.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
        probe.close();
    }

    @Test
    void garbageIcmpDoesNotStopTheProberNorCountAsAReply() throws Exception {
        try (IcmpEchoProbe probe = prober();
             RawIpSocket garbage = pair.b.call(() -> RawIpSocket.open(pair.libc, StandardProtocolFamily.INET, 1))) {
            CompletableFuture<Boolean> toNobody = probe.probe(unused(50), Duration.ofMillis(800));
            // Echo replies from B's address with random numbers and bodies, right checksums or not, and other
            // ICMP types: what a prober on a busy link sees. None is a reply to the probe of .50.
            Random random = new Random(1);
            for (int i = 0; i < 300; i++) {
                // At least the 8-byte header: Linux refuses to send a raw ICMP message shorter (EFAULT).
                byte[] icmp = new byte[8 + random.nextInt(64)];
                random.nextBytes(icmp);
                icmp[0] = (byte) (i % 3 == 0 ? 0 : random.nextInt(256));
                icmp[1] = 0;
                if (random.nextBoolean()) {
                    icmp[2] = 0;
                    icmp[3] = 0;
                    int checksum = Ipv4UdpFrame.checksum(ByteBuffer.wrap(icmp), 0, icmp.length, 0);
                    icmp[2] = (byte) (checksum >>> 8);
                    icmp[3] = (byte) checksum;
                }
                garbage.send(ByteBuffer.wrap(icmp), address(VethPair.ADDRESS_A));
            }
            assertThat(toNobody.get(2, TimeUnit.SECONDS)).isFalse();
            assertThat(probe.probe(peer, ONE_SECOND).get(2, TimeUnit.SECONDS)).as("still receiving").isTrue();
        }
    }

    @Test
    void thePingSocketServesWhereRawSocketsAreNotAllowed() throws Exception {
        // Let root's group use ping sockets in A (the default range "1 0" allows nobody).
        VethPair.run("ip", "netns", "exec", pair.a.name(), "sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 0");
        try (IcmpEchoProbe probe = pair.a.call(() -> IcmpEchoProbe.open(pair.libc, false))) {
            assertThat(probe.isRaw()).isFalse();
            CompletableFuture<Boolean> inUse = probe.probe(peer, ONE_SECOND);
            CompletableFuture<Boolean> free = probe.probe(unused(77), Duration.ofMillis(300));
            assertThat(inUse.get(2, TimeUnit.SECONDS)).isTrue();
            assertThat(free.get(2, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void anUnroutableTargetFailsTheProbeInsteadOfAnsweringFalse() throws Exception {
        try (IcmpEchoProbe probe = pair.a.call(() -> IcmpEchoProbe.open(pair.libc))) {
            // A has no default route: 203.0.113.1 (TEST-NET-3) is unreachable, the send fails at once.
            CompletableFuture<Boolean> result = probe.probe(address("203.0.113.1"), ONE_SECOND);
            assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SystemCallException.class).hasMessageContaining("ENETUNREACH");
            assertThat(probe.inFlight()).isZero();
            assertThatThrownBy(() -> probe.probe(peer, Duration.ZERO)).hasMessageContaining("expected more than zero");
        }
    }
}
