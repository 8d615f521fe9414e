package io.edgeplane.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.dns.zone.DynamicHosts;
import io.edgeplane.dns.zone.LocalZone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Response rate limiting as the answering path applies it: a UDP client network over its rate gets every other
 * answer dropped and the rest empty with TC set, until its bucket refills; loopback and TCP are never limited.
 */
class RateLimitedAnswersTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QueryAnswerer answerer;

    RateLimitedAnswersTest() throws Exception {
        DnsConfig config = new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                dns:
                  listen: [127.0.0.1:0]
                  addresses: { app1.local: [127.0.0.1] }
                """).dns().orElseThrow();
        LocalZone zone = LocalZone.build(config, List.of(), new DynamicHosts());
        DnsRuntime runtime = new DnsRuntime(new AccessList(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), List.of()),
                new Responder(zone), new ResponseWriter(1232), null, new RateLimitSettings(10, 10, 2, 24, 56),
                ResponseRateLimiter.LOOPBACK);
        answerer = new QueryAnswerer(() -> runtime, new DnsMeters(registry), clock::get);
    }

    private List<byte[]> ask(RecordingChannel channel, String client, int times) throws Exception {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName(client), 40000);
        List<byte[]> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            answerer.answer(Unpooled.wrappedBuffer(DnsTestClient.query(i, "app1.local", DnsRecordType.A, 1232, 0)), from,
                    false, channel);
            answers.addAll(channel.take());
        }
        return answers;
    }

    private static boolean truncated(byte[] answer) {
        return (answer[2] & 0x02) != 0;
    }

    private static int answerCount(byte[] answer) {
        return (answer[6] & 0xFF) << 8 | answer[7] & 0xFF;
    }

    @Test
    void overItsRateAClientNetworkGetsHalfItsAnswersDroppedAndHalfTruncated() throws Exception {
        RecordingChannel udp = new RecordingChannel(false);
        List<byte[]> burst = ask(udp, "192.0.2.7", 10);
        assertThat(burst).hasSize(10).allSatisfy(answer -> assertThat(answerCount(answer)).isEqualTo(1));

        List<byte[]> over = ask(udp, "192.0.2.99", 10);
        assertThat(over).as("same /24: 5 dropped, 5 slipped").hasSize(5)
                .allSatisfy(answer -> assertThat(truncated(answer)).isTrue())
                .allSatisfy(answer -> assertThat(answerCount(answer)).isZero());
        assertThat(registry.get("edgeplane.dns.rate_limited").tag("action", "dropped").counter().count()).isEqualTo(5);
        assertThat(registry.get("edgeplane.dns.rate_limited").tag("action", "truncated").counter().count()).isEqualTo(5);

        assertThat(ask(udp, "198.51.100.1", 3)).as("another network has its own bucket").hasSize(3)
                .noneMatch(RateLimitedAnswersTest::truncated);

        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(ask(udp, "192.0.2.7", 5)).as("half a second refills five").hasSize(5)
                .noneMatch(RateLimitedAnswersTest::truncated);
    }

    @Test
    void loopbackAndTcpAreNeverLimited() throws Exception {
        assertThat(ask(new RecordingChannel(false), "127.0.0.1", 100)).hasSize(100).noneMatch(RateLimitedAnswersTest::truncated);
        RecordingChannel tcp = new RecordingChannel(true);
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000);
        for (int i = 0; i < 50; i++) {
            answerer.answer(Unpooled.wrappedBuffer(DnsTestClient.query(i, "app1.local", DnsRecordType.A, 0, 0)), from, true, tcp);
        }
        assertThat(tcp.take()).hasSize(50).noneMatch(RateLimitedAnswersTest::truncated);
    }
}
