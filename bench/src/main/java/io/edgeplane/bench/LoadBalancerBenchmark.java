package io.edgeplane.bench;

import io.edgeplane.config.proxy.UpstreamConfig.Balance;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.proxy.balance.LoadBalancer;
import io.edgeplane.proxy.balance.LoadBalancers;
import io.edgeplane.proxy.balance.UpstreamServer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link LoadBalancer#pick} for every policy over a pool of 8 servers of mixed weights, as an event loop
 * calls it for each request: a plain pick, a retry that excludes the heaviest server, a pick while one
 * server is down, and plain picks from four threads at once, where shared state (round robin's cursor,
 * least connections' rotation) is contended. Hashing policies get a different key each call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LoadBalancerBenchmark {

    private static final int[] WEIGHTS = {5, 3, 3, 2, 2, 1, 1, 1};

    @Param({"ROUND_ROBIN", "LEAST_CONN", "P2C", "RANDOM", "HASH", "MAGLEV"})
    public Balance policy;

    /** Every server up. */
    private LoadBalancer healthy;
    /** The same pool with the heaviest server down, so picks that land on it take the fallback path. */
    private LoadBalancer degraded;

    @Setup(Level.Trial)
    public void setUp() {
        healthy = LoadBalancers.create(policy, pool());
        List<UpstreamServer> servers = pool();
        servers.get(0).setAvailable(false);
        degraded = LoadBalancers.create(policy, servers);
    }

    /**
     * Servers with requests in flight roughly in proportion to weight, so the load-aware policies compare
     * real numbers rather than zeros.
     */
    private static List<UpstreamServer> pool() {
        List<UpstreamServer> servers = new ArrayList<>();
        for (int i = 0; i < WEIGHTS.length; i++) {
            UpstreamServer server = new UpstreamServer(i, new HostPort("10.0.0." + (i + 1), 8080), WEIGHTS[i], false);
            for (int r = 0; r < WEIGHTS[i] * 4 + i % 3; r++) {
                server.acquire();
            }
            servers.add(server);
        }
        return servers;
    }

    /** Each thread's own stream of request hashes, precomputed so generating them isn't measured. */
    @State(Scope.Thread)
    public static class Hashes {

        private final long[] hashes = new long[4096];
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = random.nextLong();
            }
        }

        long next() {
            return hashes[next++ & (hashes.length - 1)];
        }
    }

    @Benchmark
    public void pick(Hashes hashes, Blackhole blackhole) {
        blackhole.consume(healthy.pick(hashes.next(), 0L));
    }

    @Benchmark
    public void pickRetryExcludingOne(Hashes hashes, Blackhole blackhole) {
        blackhole.consume(healthy.pick(hashes.next(), 1L));
    }

    @Benchmark
    public void pickWithOneServerDown(Hashes hashes, Blackhole blackhole) {
        blackhole.consume(degraded.pick(hashes.next(), 0L));
    }

    @Benchmark
    @Threads(4)
    public void pickFromFourThreads(Hashes hashes, Blackhole blackhole) {
        blackhole.consume(healthy.pick(hashes.next(), 0L));
    }
}
