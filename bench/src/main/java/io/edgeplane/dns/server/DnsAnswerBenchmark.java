package io.edgeplane.dns.server;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.dns.cache.AnswerCache;
import io.edgeplane.dns.cache.CacheKey;
import io.edgeplane.dns.cache.CacheSettings;
import io.edgeplane.dns.cache.Digested;
import io.edgeplane.dns.cache.ReplyDigest;
import io.edgeplane.dns.forward.ForwardSettings;
import io.edgeplane.dns.forward.Forwarder;
import io.edgeplane.dns.forward.UpstreamServer;
import io.edgeplane.dns.zone.DynamicHosts;
import io.edgeplane.dns.zone.LocalZone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One UDP query answered as a socket's handler does it: parse, the rate limiter, the access check, then the
 * zone lookup (a name of the bench's 200 hosts, {@code svc1.local} ... {@code svc200.local}, and an address
 * rule's subdomain) or, for a forwarded name, the cache (a hit: the cached records copied behind the client's
 * question with their TTLs counted down); the answer written into a pooled buffer, the meters. In this
 * package because the answering classes are the server's own, not an API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DnsAnswerBenchmark {

    private static final String FORWARDED = "www.example.org";

    private final BenchChannel channel = new BenchChannel();
    private final InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private EventLoops loops;
    private QueryAnswerer answerer;
    private ByteBuf hostQuery;
    private ByteBuf ruleQuery;
    private ByteBuf cachedQuery;

    @Setup
    public void setUp() throws Exception {
        StringBuilder hosts = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            hosts.append("    svc").append(i).append(".local: [10.0.").append(i / 250).append('.').append(i % 250).append("]\n");
        }
        DnsConfig config = new ConfigLoader(Variables.of(Map.of())).parse("bench.yaml", """
                dns:
                  listen: [127.0.0.1:0]
                  addresses: { app1.local: [127.0.0.1] }
                  hosts:
                %s""".formatted(hosts)).dns().orElseThrow();
        LocalZone zone = LocalZone.build(config, List.of(), new DynamicHosts());
        loops = EventLoops.create(1);
        ForwardedAnswers upstreams = upstreamsWithOneCachedAnswer();
        DnsRuntime runtime = new DnsRuntime(new AccessList(List.of(), List.of()),
                new Responder(zone, new Responder.ForwardPolicy(true, true, true)), new ResponseWriter(1232, true),
                upstreams, RateLimitSettings.DEFAULTS, ResponseRateLimiter.LOOPBACK);
        answerer = new QueryAnswerer(() -> runtime, new DnsMeters(new SimpleMeterRegistry()), System::nanoTime);
        hostQuery = unreleasable(query("svc123.local", DnsRecordType.A));
        ruleQuery = unreleasable(query("api.v2.app1.local", DnsRecordType.A));
        cachedQuery = unreleasable(query(FORWARDED, DnsRecordType.A));
    }

    /** The forwarding side, its upstream never asked: the one forwarded name is in the cache for an hour. */
    private ForwardedAnswers upstreamsWithOneCachedAnswer() {
        UpstreamServer server = new UpstreamServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), List.of());
        Forwarder forwarder = new Forwarder(new ForwardSettings(List.of(server), ForwardSettings.Strategy.STRICT_ORDER,
                Duration.ofSeconds(2), 2, 150, true), loops, System::nanoTime);
        AnswerCache cache = new AnswerCache(new CacheSettings(10_000, Duration.ZERO, Duration.ofDays(1),
                Duration.ofHours(1)), System::nanoTime);
        Digested digested = ReplyDigest.digest(reply(query(FORWARDED, DnsRecordType.A)), FORWARDED,
                DnsRecordType.A.intValue(), "");
        if (!(digested instanceof Digested.Usable usable)) {
            throw new IllegalStateException("the bench's upstream reply does not digest: " + digested);
        }
        cache.admit(new CacheKey(FORWARDED, DnsRecordType.A.intValue(), 1, false), usable);
        return new ForwardedAnswers(forwarder, cache, new ForwardedAnswers.ReplyCounts());
    }

    @TearDown
    public void tearDown() {
        loops.shutdown(Duration.ofSeconds(1));
    }

    @Benchmark
    public int hostName() {
        return answerOnce(hostQuery);
    }

    @Benchmark
    public int addressRuleSubdomain() {
        return answerOnce(ruleQuery);
    }

    @Benchmark
    public int forwardedNameFromTheCache() {
        return answerOnce(cachedQuery);
    }

    private int answerOnce(ByteBuf query) {
        answerer.answer(query.duplicate(), client, false, channel);
        return channel.lastAnswerBytes();
    }

    private static ByteBuf unreleasable(byte[] message) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(message));
    }

    private static byte[] query(String name, DnsRecordType type) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(0x4242).writeShort(0x0100).writeShort(1).writeShort(0).writeShort(0).writeShort(0);
        for (String label : name.split("\\.")) {
            out.writeByte(label.length()).writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeByte(0).writeShort(type.intValue()).writeShort(1);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** An upstream's reply to {@code query}: two A records, as a CDN's name often has. */
    private static byte[] reply(byte[] query) {
        byte[] reply = Arrays.copyOf(query, query.length + 32);
        reply[2] = (byte) 0x81;
        reply[3] = (byte) 0x80;
        reply[7] = 2;
        byte[] records = {
            (byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, (byte) 198, 18, 0, 80,
            (byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, (byte) 198, 18, 0, 81};
        System.arraycopy(records, 0, reply, query.length, records.length);
        return reply;
    }
}
