package io.edgeplane.dns.server;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.dns.zone.DynamicHosts;
import io.edgeplane.dns.zone.LocalZone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One UDP query answered from local data, as a socket's handler does it: decode (Netty's DNS codec), the
 * access check, the zone lookup, the answer written into a pooled buffer, the meters. Over a zone of the
 * bench's 200 names ({@code svc1.local} ... {@code svc200.local}), for a name it has and for an address
 * rule's subdomain. In this package because the answering classes are the server's own, not an API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DnsAnswerBenchmark {

    private QueryAnswerer answerer;
    private final QueryParser parser = new QueryParser();
    private final AnswerBuffer out = new AnswerBuffer();
    private ByteBuf hostQuery;
    private ByteBuf ruleQuery;
    private InetAddress client;

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
        DnsRuntime runtime = new DnsRuntime(new AccessList(List.of(), List.of()), new Responder(zone), new ResponseWriter(1232));
        answerer = new QueryAnswerer(() -> runtime, new DnsMeters(new SimpleMeterRegistry()));
        hostQuery = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(query("svc123.local", DnsRecordType.A)));
        ruleQuery = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(query("api.v2.app1.local", DnsRecordType.A)));
        client = InetAddress.getLoopbackAddress();
    }

    private static byte[] query(String name, DnsRecordType type) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(0x4242).writeShort(0x0100).writeShort(1).writeShort(0).writeShort(0).writeShort(0);
        for (String label : name.split("\\.")) {
            out.writeByte(label.length()).writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.writeByte(0).writeShort(type.intValue()).writeShort(1);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    @Benchmark
    public int hostName() {
        return answerOnce(hostQuery);
    }

    @Benchmark
    public int addressRuleSubdomain() {
        return answerOnce(ruleQuery);
    }

    private int answerOnce(ByteBuf query) {
        ByteBuf answer = answerer.answer(query.duplicate(), client, false, parser, out, PooledByteBufAllocator.DEFAULT);
        int size = answer.readableBytes();
        answer.release();
        return size;
    }
}
