package io.edgeplane.bench.dhcp;

import io.edgeplane.dhcp.codec.DecodeResult;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageDecoder;
import io.edgeplane.dhcp.codec.DhcpMessageEncoder;
import io.edgeplane.dhcp.exchange.DhcpRequest;
import io.edgeplane.dhcp.exchange.DhcpResponder;
import io.edgeplane.dhcp.exchange.Outcome;
import java.nio.ByteBuffer;
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
 * A whole DORA as the server thread does it, short of the socket, the rate limiter and the journal's disk: a new
 * client's udhcpc DISCOVER decoded, answered by the {@link DhcpResponder} and its OFFER encoded; the client's
 * SELECTING REQUEST (for the offered address) decoded, answered and its ACK encoded. The lease log and DNS names
 * are no-ops, so this is the CPU and garbage per lease the server spends besides the journal
 * ({@code LeaseJournalBenchmark}).
 *
 * <p>50,000 clients take turns over 65,279 addresses, each client's lease released 25,000 exchanges after it was
 * granted (a udhcpc RELEASE, decoded and handled: no reply), so 25,000 leases are always held, the pool never fills
 * and a client coming back after its release is a departed client the server remembers. The clock moves 1 ms an
 * exchange and the responder's {@code tick} runs every 64 exchanges, as the server thread runs it once a batch, so
 * offers and 2-minute leases lapse and the deadline queue stays bounded. So each operation is one DORA plus one
 * RELEASE and 1/64 of a tick. Run with {@code -prof gc} for bytes per exchange.
 *
 * <p>The fork runs the distribution's collector (bin/edgeplane: {@code -XX:+UseSerialGC -Xmx512m}), the heap fixed:
 * with the default G1 on a shared 2-core machine its parallel threads fought the benchmark's, and iterations of
 * one build spread from 22 to 213 µs an exchange (18 to 27 with the serial collector); and a longer warm-up, as the
 * JIT took some 8 s there to settle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class DhcpExchangeBenchmark {

    private static final int CLIENTS = 50_000;
    private static final int HELD = CLIENTS / 2;
    /** Requests the server thread takes in one turn (its receive batch), and so how often it ticks. */
    private static final int TURN = 64;

    private final UdhcpcMessages.BenchClock clock = new UdhcpcMessages.BenchClock();
    private final int[] leased = new int[CLIENTS];
    private DhcpResponder responder;
    private UdhcpcMessages.Template discover;
    private UdhcpcMessages.Template request;
    private UdhcpcMessages.Template release;
    private long exchanges;
    private int xid = 0x5eed;

    @Setup
    public void setUp() throws Exception {
        responder = UdhcpcMessages.responder(UdhcpcMessages.settings("2m", 100_000), clock);
        discover = UdhcpcMessages.discover();
        request = UdhcpcMessages.request();
        release = UdhcpcMessages.release();
    }

    @Benchmark
    public int dora() {
        long k = exchanges++;
        int client = (int) (k % CLIENTS);
        clock.advanceMillis(1);
        byte[] offer = answer(discover.client(client, ++xid).payload());
        byte[] ack = answer(request.client(client, ++xid).requested(offer).payload());
        leased[client] = UdhcpcMessages.yiaddr(ack);
        if (k >= HELD) {
            int leaving = (int) ((k - HELD) % CLIENTS);
            if (!(handle(release.client(leaving, ++xid).ciaddr(leased[leaving]).payload())
                    instanceof Outcome.Ignored)) {
                throw new IllegalStateException("a RELEASE was answered");
            }
        }
        if (k % TURN == 0) {
            responder.tick();
        }
        return ack.length;
    }

    private byte[] answer(ByteBuffer payload) {
        DhcpMessage message = ((DecodeResult.Valid) DhcpMessageDecoder.decode(payload)).message();
        Outcome outcome = responder.handle(new DhcpRequest(message, DhcpMessage.ANY));
        if (!(outcome instanceof Outcome.Answer answer)) {
            throw new IllegalStateException("expected an answer, got " + outcome);
        }
        // What the server thread does: the reply fitted to the client's maximum message size.
        int limit = message.options().maxMessageSize().orElse(DhcpMessageEncoder.MIN_IP_MESSAGE_SIZE);
        return DhcpMessageEncoder.encode(answer.reply(), limit);
    }

    private Outcome handle(ByteBuffer payload) {
        DhcpMessage message = ((DecodeResult.Valid) DhcpMessageDecoder.decode(payload)).message();
        return responder.handle(new DhcpRequest(message, DhcpMessage.ANY));
    }
}
