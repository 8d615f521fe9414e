package io.edgeplane.ntp.server;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.List;
import java.util.SplittableRandom;
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
 * One NTP client request answered as the server's socket does it, short of the socket: the request's framing
 * checked and its fields read where the socket put them (native memory), the access check (chrony's
 * longest-prefix allow/deny) and the rate limiter (chrony's defaults, the client well within them: many clients,
 * each polling rarely) keyed by the address bits, the reply written into the send buffer and its transmit time
 * stamped. And the same without rate limiting, as chrony runs by default. Run with {@code -prof gc}: the path
 * allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NtpAnswerBenchmark {

    private static final int CLIENTS = 4096;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment request = arena.allocate(NtpPacket.LENGTH);
    private final MemorySegment replies = arena.allocate(NtpPacket.LENGTH * 16L);
    private final long[] clientHigh = new long[CLIENTS];
    private final long[] clientLow = new long[CLIENTS];
    private RequestAnswerer limited;
    private RequestAnswerer unlimited;
    private ServerState state;
    private long fakeNanos;
    private int next;

    @Setup
    public void setUp() throws Exception {
        byte[] bytes = NtpPacketEncoder.encode(new NtpPacket(0, 4, NtpPacket.MODE_CLIENT, 0, 6, -20, NtpShort.ZERO,
                NtpShort.ZERO, 0, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO,
                NtpTimestamp.ofUnixNanos(System.currentTimeMillis() * 1_000_000L)));
        MemorySegment.copy(bytes, 0, request, ValueLayout.JAVA_BYTE, 0, bytes.length);
        for (int i = 0; i < CLIENTS; i++) {
            // 10.1.x.y as a dual-stack socket reports it, ::ffff:10.1.x.y: what DatagramBatch hands the server.
            clientHigh[i] = 0;
            clientLow[i] = 0xffffL << 32 | 0x0a01_0000L | i;
        }
        NtpAccess access = new NtpAccess(List.of(new Cidr(InetAddress.getByName("10.0.0.0"), 8)),
                List.of(new Cidr(InetAddress.getByName("10.99.0.0"), 16)));
        // Each client asks once every 4096 requests, the clock moving 2 ms a request: every 8 s, within the limits.
        NtpRateLimiter limiter = new NtpRateLimiter(NtpRateLimiter.Settings.CHRONY_DEFAULTS, () -> fakeNanos,
                new SplittableRandom(42));
        limited = new RequestAnswerer(access, limiter);
        unlimited = new RequestAnswerer(access, NtpRateLimiter.unlimited());
        state = ServerState.local(10, ServerState.DEFAULT_PRECISION, System.currentTimeMillis() * 1_000_000L);
    }

    @Benchmark
    public int rateLimited() {
        return answer(limited);
    }

    @Benchmark
    public int unlimited() {
        return answer(unlimited);
    }

    private int answer(RequestAnswerer answerer) {
        fakeNanos += 2_000_000L;
        int client = next++ & (CLIENTS - 1);
        long now = fakeNanos + 1_700_000_000_000_000_000L;
        long at = NtpPacket.LENGTH * (long) (client & 15);
        Outcome outcome = answerer.answer(request, 0, NtpPacket.LENGTH, clientHigh[client], clientLow[client], now,
                state, replies, at);
        if (outcome instanceof Answer.Reply.Kind) {
            RequestAnswerer.stampTransmitTime(replies, at, now + 5_000);
            return replies.get(ValueLayout.JAVA_BYTE, at + 1);
        }
        return -1;
    }
}
