package io.edgeplane.bench;

import io.edgeplane.config.proxy.HeaderEditsConfig;
import io.edgeplane.config.proxy.HeadersConfig;
import io.edgeplane.config.proxy.MatchConfig;
import io.edgeplane.config.proxy.RouteConfig;
import io.edgeplane.proxy.route.RequestView;
import io.edgeplane.proxy.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * {@link RouteTable} lookups in a table of 1,000 routes: 50 host names with 16 prefixes and 2 exact
 * paths each, 5 wildcards with 10 prefixes each, and 50 prefixes for any host. With {@code regexes=10},
 * ten of the hit host's prefixes become regexes that the hit tries, and fails, before its prefix: regex
 * beats prefix, so this is what a regex route costs the requests that do not take it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteLookupBenchmark {

    private static final int HOSTS = 50;
    private static final int HIT_HOST = 17;

    @Param({"0", "10"})
    int regexes;

    private RouteTable<String> table;
    private final RequestView hit = new Request("host17.example.com", "/svc3/api/users/42");
    private final RequestView wildcardHit = new Request("a.b.zone3.example.net", "/w4/assets/app.js");
    private final RequestView miss = new Request("unknown.example.org", "/nothing/here");

    @Setup
    public void compile() {
        List<RouteConfig> routes = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            List<String> host = List.of("host" + h + ".example.com");
            for (int p = 0; p < 16; p++) {
                // The hit host's last prefixes give way to the regexes, keeping 1,000 routes.
                if (h == HIT_HOST && p >= 16 - regexes) {
                    int r = p - (16 - regexes);
                    routes.add(route(host, Optional.empty(), Optional.empty(),
                            Optional.of(r % 2 == 0 ? "^/legacy" + r + "/" : "\\.ext" + r + "$")));
                } else {
                    routes.add(route(host, Optional.empty(), Optional.of("/svc" + p + "/"), Optional.empty()));
                }
            }
            routes.add(route(host, Optional.of("/health"), Optional.empty(), Optional.empty()));
            routes.add(route(host, Optional.of("/svc3/status"), Optional.empty(), Optional.empty()));
        }
        for (int z = 0; z < 5; z++) {
            for (int p = 0; p < 10; p++) {
                routes.add(route(List.of("*.zone" + z + ".example.net"), Optional.empty(), Optional.of("/w" + p + "/"),
                        Optional.empty()));
            }
        }
        for (int p = 0; p < 50; p++) {
            routes.add(route(List.of(), Optional.empty(), Optional.of("/static" + p + "/"), Optional.empty()));
        }
        table = RouteTable.compile(routes, IntStream.range(0, routes.size()).mapToObj(i -> "route" + i).toList());
        if (routes.size() != 1_000 || table.lookup(hit) == null || table.lookup(wildcardHit) == null
                || table.lookup(miss) != null) {
            throw new IllegalStateException("the benchmark's table is not what it means to measure: " + table);
        }
    }

    @Benchmark
    public String hit() {
        return table.lookup(hit);
    }

    @Benchmark
    public String wildcardHit() {
        return table.lookup(wildcardHit);
    }

    @Benchmark
    public String miss() {
        return table.lookup(miss);
    }

    private static RouteConfig route(List<String> host, Optional<String> path, Optional<String> prefix,
            Optional<String> regex) {
        HeaderEditsConfig none = new HeaderEditsConfig(List.of(), Map.of(), Map.of());
        return new RouteConfig(Optional.of(new MatchConfig(host, path, prefix, regex, List.of(), Map.of())),
                Optional.of("upstream"), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                new HeadersConfig(none, none), Optional.empty());
    }

    /** A request already parsed, as the proxy hands it to the route table. */
    private record Request(String host, String path) implements RequestView {

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String header(String name) {
            return null;
        }
    }
}
