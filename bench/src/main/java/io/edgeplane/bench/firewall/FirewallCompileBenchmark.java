package io.edgeplane.bench.firewall;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A reload's firewall work before nft runs: the dynia node's ufw rules plus a zone of {@code networks} blocks (a
 * blocklist or a fleet's subnets, with every tenth block inside another, as hand-kept lists have), compiled and
 * rendered to the text nft reads. Each reload does this once, and the digest it yields decides whether nft runs at all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class FirewallCompileBenchmark {

    @Param({"10", "1000", "10000"})
    public int networks;

    private EdgeplaneConfig config;
    private final FirewallCompiler compiler = new FirewallCompiler();
    private final NftRenderer renderer = new NftRenderer();

    @Setup
    public void setUp() throws Exception {
        StringBuilder cidrs = new StringBuilder();
        for (int i = 0; i < networks; i++) {
            int a = 10 + i / 65_536 % 100;
            int b = i / 256 % 256;
            int c = i % 256;
            cidrs.append(i == 0 ? "" : ", ").append(i % 10 == 9 ? a + "." + b + "." + (c - 1) + ".128/25"
                    : a + "." + b + "." + c + ".0/24");
        }
        config = new ConfigLoader(Variables.of(Map.of())).parse("bench.yaml", """
                admin: { listen: 0.0.0.0:8404, allow: [10.0.0.0/8] }
                proxy:
                  listeners:
                    - { name: web, listen: [0.0.0.0:80, 0.0.0.0:443], routes: [{ respond: { status: 200 } }] }
                firewall:
                  zones:
                    fleet: { cidrs: [%s] }
                    docker: { cidrs: [172.16.0.0/12], interfaces: [docker0, "br-*"] }
                  input:
                    policy: drop
                    allow:
                      - { port: 22/tcp, comment: SSH access }
                      - { port: [80/tcp, 443/tcp], comment: HTTP traffic }
                      - { port: 8404, from: [fleet], comment: HAProxy stats internal }
                      - { to: [224.0.0.0/8], comment: VRRP multicast }
                      - { from: [fleet], comment: Inter-node communication }
                      - { from: [docker], comment: Docker networks }
                      - { port: 8080/tcp, rate: { per_source: 25/minute, burst: 100 } }
                  forward:
                    allow: [{ from: [docker], to: [fleet], port: 5432/tcp }]
                  auto_allow: true
                  log_drops: 3/minute
                """.formatted(cidrs));
    }

    @Benchmark
    public NftListing compileAndRender() {
        return renderer.render(compiler.compile(config));
    }
}
