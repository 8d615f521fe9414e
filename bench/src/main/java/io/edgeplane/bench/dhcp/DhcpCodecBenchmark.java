package io.edgeplane.bench.dhcp;

import io.edgeplane.dhcp.codec.DecodeResult;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageDecoder;
import io.edgeplane.dhcp.codec.DhcpMessageEncoder;
import io.edgeplane.dhcp.exchange.DhcpRequest;
import io.edgeplane.dhcp.exchange.DhcpResponder;
import io.edgeplane.dhcp.exchange.Outcome;
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
 * The DHCP codec alone: a udhcpc DISCOVER and SELECTING REQUEST decoded from a read-only direct buffer (what the
 * server's socket hands over: 300 bytes with the client identifier, maximum message size, requested address and
 * server identifier, parameter request list, vendor class and host name), and the OFFER and ACK the responder
 * makes for them encoded (message type, server identifier, the three times, mask, router, DNS, domain, broadcast,
 * NTP, host name, the echoed client identifier) with the client's maximum message size, as the server sends them.
 * The fork runs the distribution's collector, as {@code DhcpExchangeBenchmark} explains.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class DhcpCodecBenchmark {

    private UdhcpcMessages.Template discover;
    private UdhcpcMessages.Template request;
    private DhcpMessage offer;
    private DhcpMessage ack;

    @Setup
    public void setUp() throws Exception {
        discover = UdhcpcMessages.discover().client(4242, 0x1234_5678);
        DhcpResponder responder = UdhcpcMessages.responder(UdhcpcMessages.settings("12h", 1000),
                new UdhcpcMessages.BenchClock());
        offer = answer(responder, decodeDiscover());
        byte[] offered = DhcpMessageEncoder.encode(offer, 576);
        request = UdhcpcMessages.request().client(4242, 0x1234_5679).requested(offered);
        ack = answer(responder, decodeRequest());
    }

    @Benchmark
    public DhcpMessage decodeDiscover() {
        return ((DecodeResult.Valid) DhcpMessageDecoder.decode(discover.payload())).message();
    }

    @Benchmark
    public DhcpMessage decodeRequest() {
        return ((DecodeResult.Valid) DhcpMessageDecoder.decode(request.payload())).message();
    }

    @Benchmark
    public byte[] encodeOffer() {
        return DhcpMessageEncoder.encode(offer, 576);
    }

    @Benchmark
    public byte[] encodeAck() {
        return DhcpMessageEncoder.encode(ack, 576);
    }

    private static DhcpMessage answer(DhcpResponder responder, DhcpMessage message) {
        Outcome outcome = responder.handle(new DhcpRequest(message, DhcpMessage.ANY));
        if (!(outcome instanceof Outcome.Answer answer)) {
            throw new IllegalStateException("expected an answer, got " + outcome);
        }
        return answer.reply();
    }
}
