package io.edgeplane.bench;

import io.edgeplane.config.proxy.RateLimitConfig;
import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.limit.ClientAddress;
import io.edgeplane.proxy.limit.KeyHashes;
import io.edgeplane.proxy.limit.LimitClock;
import io.edgeplane.proxy.limit.RateLimit;
import io.edgeplane.proxy.limit.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rate-limit check as a client connection makes it after routing ({@link RateLimits#check}): one limit
 * keyed by client address, the key made, the count updated, at the request's arrival time (which the
 * request has read already, for its access log line, so the check reads no clock; {@link #clockOnly} shows
 * what a reading costs here). On a key already in the table (one client sending many requests), and on a
 * new key each time (a flood of addresses, the table full, so each check forgets the oldest key of a
 * bucket); from one thread and from two, as two event loops would.
 *
 * <p>Each thread's time moves on 1 ms per check, so the limit's 1 s windows go by every 1,000 checks and
 * the hit key is never over its 65,535: every check measured lets its request through, and entries of the
 * new-key case expire as they would in a table that is being flooded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

    private static final int NEW_KEYS = 1 << 20;

    private RateLimits limits;
    private LimitClock clock;
    private long base;
    private RequestContext request;
    private ClientAddress[] clients;

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        base = System.nanoTime();
        clock = new LimitClock(System::nanoTime);
        RateLimitConfig config = new RateLimitConfig(RateLimitConfig.Key.CLIENT_IP, Optional.empty(), Duration.ofSeconds(1),
                RateLimitConfig.MAX_REQUESTS, RateLimitConfig.Action.REJECT, Optional.empty(), 100_000);
        RateLimit limit = new RateLimit("per_ip", config, new KeyHashes(0x5eed), clock, new SimpleMeterRegistry());
        limits = new RateLimits(clock, List.of(limit), List.of(List.of()), new long[2]);
        DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        head.headers().set("Host", "example.com");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000);
        request = new RequestContext(head, address, address, "http", "bench", "node");
        clients = new ClientAddress[NEW_KEYS];
        for (int i = 0; i < NEW_KEYS; i++) {
            // Half IPv4, half IPv6 (whole addresses, hashed): the two kinds of key a client_ip limit makes.
            clients[i] = i % 2 == 0 ? new ClientAddress(0, 0xFFFF_0000_0000L | i)
                    : new ClientAddress(0x2001_0db8_0000_0000L | i, 0x1234L * i);
        }
    }

    /** Each thread's own client, and its own walk over the new keys (disjoint, so no two threads add one key). */
    @State(Scope.Thread)
    public static class Client {
        private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();
        ClientAddress hit;
        int next;
        long nanos = System.nanoTime();

        long tick() {
            return nanos += 1_000_000;
        }

        @Setup(Level.Trial)
        public void setUp() {
            int thread = THREADS.getAndIncrement();
            hit = new ClientAddress(0, 0xFFFF_C000_0200L | thread);
            next = thread * (NEW_KEYS / 4);
        }
    }

    /** A baseline from the same run: one clock reading, which the request makes anyway and the check reuses. */
    @Benchmark
    public long clockOnly() {
        return clock.nowMillis();
    }

    @Benchmark
    public Object hitKey(Client client) {
        return limits.check(request, client.hit, 0, client.tick());
    }

    @Benchmark
    @Threads(2)
    public Object hitKeyTwoThreads(Client client) {
        return limits.check(request, client.hit, 0, client.tick());
    }

    /**
     * Both threads count the same key: the compare-and-set on one entry is contended. Here the two threads
     * need one time, as event loops share one clock: with a time of its own each, a thread that fell behind
     * would pile its checks into the period of the one ahead while that one is descheduled, and be refused.
     * So this one reads the real clock, run 1,000 times faster (1 s windows every real millisecond), and its
     * figure includes a clock reading ({@link #clockOnly}).
     */
    @Benchmark
    @Threads(2)
    public Object sameKeyTwoThreads() {
        return limits.check(request, clients[0], 0, base + (System.nanoTime() - base) * 1_000);
    }

    @Benchmark
    public Object newKey(Client client) {
        return limits.check(request, clients[client.next++ & (NEW_KEYS - 1)], 0, client.tick());
    }

    @Benchmark
    @Threads(2)
    public Object newKeyTwoThreads(Client client) {
        return limits.check(request, clients[client.next++ & (NEW_KEYS - 1)], 0, client.tick());
    }
}
