package io.edgeplane.ntp.server;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
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
 * One NTP client request answered as the server's socket handler does it, short of the socket: decode, the
 * access check (chrony's longest-prefix allow/deny), the rate limiter (chrony's defaults, the client well
 * within them: many clients, each polling rarely), the reply built and its transmit time stamped. And the
 * same without rate limiting, as chrony runs by default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NtpAnswerBenchmark {

    private static final int CLIENTS = 4096;

    private final byte[] request = new byte[NtpPacket.LENGTH];
    private final InetAddress[] clients = new InetAddress[CLIENTS];
    private RequestAnswerer limited;
    private RequestAnswerer unlimited;
    private ServerState state;
    private long fakeNanos;
    private int next;

    @Setup
    public void setUp() throws Exception {
        NtpPacketEncoder.encode(new NtpPacket(0, 4, NtpPacket.MODE_CLIENT, 0, 6, -20, NtpShort.ZERO, NtpShort.ZERO, 0,
                NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO,
                NtpTimestamp.ofUnixNanos(System.currentTimeMillis() * 1_000_000L)), request, 0);
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i});
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
        InetAddress client = clients[next++ & (CLIENTS - 1)];
        long now = fakeNanos + 1_700_000_000_000_000_000L;
        Answer answer = answerer.answer(request, request.length, client, now, state);
        if (answer instanceof Answer.Reply reply) {
            reply.stampTransmitTime(now + 5_000);
            return reply.datagram()[1];
        }
        return -1;
    }
}
