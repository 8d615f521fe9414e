package io.edgeplane.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.dns.zone.DynamicHosts;
import io.edgeplane.dns.zone.LocalZone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated packets through the whole answering path (decode, check, decide, write), seeded
 * so a failure can be replayed: nothing throws, nothing leaks, every answer is a well-formed response with
 * the query's ID, and an answer is never bigger than the UDP limit.
 */
class QueryFuzzTest {

    private static final int PACKETS = 100_000;

    @Test
    void randomAndMutatedPacketsNeverBreakTheServer() throws Exception {
        DnsConfig config = new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                dns:
                  listen: [127.0.0.1:0]
                  domain: localdomain
                  addresses: { app1.local: [127.0.0.1, "::1"] }
                  hosts: { edge.localdomain: [127.0.0.1, 10.0.0.2] }
                  records:
                    - { name: www.localdomain, cname: edge.localdomain }
                    - { name: info.localdomain, txt: ["hello", "world"] }
                """).dns().orElseThrow();
        LocalZone zone = LocalZone.build(config, List.of(), new DynamicHosts());
        DnsRuntime runtime = new DnsRuntime(new AccessList(List.of(), List.of()), new Responder(zone), new ResponseWriter(1232),
                null, RateLimitSettings.DEFAULTS, ResponseRateLimiter.LOOPBACK);
        QueryAnswerer answerer = new QueryAnswerer(() -> runtime, new DnsMeters(new SimpleMeterRegistry()), System::nanoTime);
        RecordingChannel udp = new RecordingChannel(false);
        RecordingChannel tcp = new RecordingChannel(true);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5300);
        List<byte[]> seeds = List.of(
                DnsTestClient.query(1, "app1.local", DnsRecordType.A, 0, 0),
                DnsTestClient.query(2, "www.localdomain", DnsRecordType.A, 1232, 0),
                DnsTestClient.query(3, "info.localdomain", DnsRecordType.TXT, 4096, 0),
                DnsTestClient.query(4, "2.0.0.10.in-addr.arpa", DnsRecordType.PTR, 0, 0),
                DnsTestClient.query(5, "x.app1.local", DnsRecordType.ANY, 512, 0));
        Random random = new Random(20261122);
        int answered = 0;
        for (int i = 0; i < PACKETS; i++) {
            byte[] packet = i % 4 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            ByteBuf message = Unpooled.wrappedBuffer(packet);
            boolean overTcp = random.nextBoolean();
            RecordingChannel channel = overTcp ? tcp : udp;
            answerer.answer(message, client, overTcp, channel);
            assertThat(message.refCnt()).as("packet %d is not released by answering", i).isEqualTo(1);
            message.release();
            List<byte[]> answers = channel.take();
            assertThat(answers).as("packet %d: one answer at most", i).hasSizeLessThanOrEqualTo(1);
            for (byte[] answer : answers) {
                answered++;
                assertThat(answer.length).as("packet %d", i).isBetween(12, overTcp ? QueryAnswerer.TCP_LIMIT : 1232);
                assertThat(((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF)).as("packet %d: the ID", i)
                        .isEqualTo(((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF));
                assertThat(answer[2] & 0x80).as("packet %d: QR", i).isNotZero();
            }
        }
        assertThat(answered).as("most mutated queries still get an answer").isGreaterThan(PACKETS / 4);
    }

    private static byte[] randomBytes(Random random) {
        byte[] packet = new byte[random.nextInt(600)];
        random.nextBytes(packet);
        return packet;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] packet = seed.clone();
        int kind = random.nextInt(5);
        switch (kind) {
            case 0 -> {
                for (int n = random.nextInt(4) + 1; n > 0; n--) {
                    packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length + 1));
            case 2 -> {
                // Counts that promise more records than there are.
                packet[4 + 2 * random.nextInt(4)] = (byte) random.nextInt(256);
                packet[5 + 2 * random.nextInt(4)] = (byte) random.nextInt(256);
            }
            case 3 -> {
                // A compression pointer where a label should be: loops and out-of-range offsets.
                packet[12] = (byte) (0xC0 | random.nextInt(64));
                packet[13] = (byte) random.nextInt(256);
            }
            default -> {
                byte[] longer = java.util.Arrays.copyOf(packet, packet.length + random.nextInt(64));
                for (int j = packet.length; j < longer.length; j++) {
                    longer[j] = (byte) random.nextInt(256);
                }
                packet = longer;
            }
        }
        // Keep it a query most of the time, so the decoder's deeper paths are reached.
        if (packet.length > 2 && random.nextInt(10) > 0) {
            packet[2] &= 0x7F;
        }
        return packet;
    }
}
