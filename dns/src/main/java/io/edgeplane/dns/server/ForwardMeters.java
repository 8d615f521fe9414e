package io.edgeplane.dns.server;

import io.edgeplane.dns.forward.Forwarder;
import io.edgeplane.dns.forward.UpstreamStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters of forwarding and the cache: queries in flight and refused for the cap, spoofed and merged replies,
 * the cache's hits, misses and evictions, and each upstream's queries, failures, pending queries and round-trip
 * time. They read whatever upstreams the current config has; a reload that changes the upstreams swaps the
 * per-upstream series (and starts their counts again, which Prometheus's {@code rate} takes as a reset).
 */
final class ForwardMeters {

    private final MeterRegistry registry;
    private final Supplier<ForwardedAnswers> current;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<UpstreamStats, List<Meter>> perUpstream = new IdentityHashMap<>();

    ForwardMeters(MeterRegistry registry, Supplier<ForwardedAnswers> current) {
        this.registry = registry;
        this.current = current;
        meters.add(Gauge.builder("edgeplane.dns.forward.in_flight", this, m -> m.read(a -> a.forwarder().inFlight()))
                .description("Distinct forwarded queries waiting on upstreams").register(registry));
        counter("edgeplane.dns.forward.overloaded", "Queries answered SERVFAIL at once: dns.forward.max_in_flight were in flight",
                a -> a.forwarder().overloadedQueries());
        counter("edgeplane.dns.forward.spoofed_replies",
                "Upstream replies dropped: wrong source address or port, ID or question (spoofing, or strays)",
                a -> a.forwarder().spoofedReplies());
        counter("edgeplane.dns.forward.merged", "Queries that joined an identical one already in flight",
                a -> a.forwarder().mergedQueries());
        counter("edgeplane.dns.forward.unusable_replies",
                "Upstream replies that could not be used (malformed, or an unexpected RCODE): answered SERVFAIL",
                ForwardedAnswers::unusableReplies);
        counter("edgeplane.dns.forward.dropped_records",
                "Records taken out of upstream replies before caching: not about the question, or outside the server's domain",
                ForwardedAnswers::droppedRecords);
        counter("edgeplane.dns.cache.hits", "Forwarded names answered from the cache", a -> a.cache().stats().hits());
        counter("edgeplane.dns.cache.misses", "Forwarded names not in the cache, sent upstream", a -> a.cache().stats().misses());
        counter("edgeplane.dns.cache.evictions", "Cached answers evicted for room (dns.cache.size)",
                a -> a.cache().stats().evictions());
        meters.add(Gauge.builder("edgeplane.dns.cache.entries", this, m -> m.read(a -> a.cache().size()))
                .description("Answers in the cache").register(registry));
    }

    private void counter(String name, String description, ToDoubleFunction<ForwardedAnswers> read) {
        meters.add(FunctionCounter.builder(name, this, m -> m.read(read)).description(description).register(registry));
    }

    private double read(ToDoubleFunction<ForwardedAnswers> read) {
        ForwardedAnswers answers = current.get();
        return answers == null ? 0 : read.applyAsDouble(answers);
    }

    /** Registers the series of {@code forwarder}'s upstreams and removes those of upstreams gone; on commit. */
    synchronized void track(Forwarder forwarder) {
        List<UpstreamStats> now = forwarder == null ? List.of() : forwarder.upstreams();
        perUpstream.entrySet().removeIf(entry -> {
            if (now.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            return true;
        });
        for (UpstreamStats upstream : now) {
            perUpstream.computeIfAbsent(upstream, this::register);
        }
    }

    private List<Meter> register(UpstreamStats upstream) {
        String tag = upstream.server().toString();
        return List.of(
                FunctionCounter.builder("edgeplane.dns.upstream.queries", upstream, UpstreamStats::queries)
                        .description("Queries sent to the upstream, UDP and TCP").tag("upstream", tag).register(registry),
                FunctionCounter.builder("edgeplane.dns.upstream.failures", upstream, UpstreamStats::failures)
                        .description("Upstream queries that failed: SERVFAIL, REFUSED or a broken TCP connection")
                        .tags("upstream", tag, "reason", "error").register(registry),
                FunctionCounter.builder("edgeplane.dns.upstream.failures", upstream, UpstreamStats::timeouts)
                        .description("Upstream queries that failed: SERVFAIL, REFUSED or a broken TCP connection")
                        .tags("upstream", tag, "reason", "timeout").register(registry),
                Gauge.builder("edgeplane.dns.upstream.pending", upstream, UpstreamStats::pending)
                        .description("Queries sent to the upstream and not yet answered").tag("upstream", tag).register(registry),
                Gauge.builder("edgeplane.dns.upstream.rtt", upstream, u -> u.smoothedRtt().toNanos() / 1e9)
                        .description("The upstream's smoothed round-trip time (RFC 6298 smoothing)").baseUnit("seconds")
                        .tag("upstream", tag).register(registry));
    }

    synchronized void close() {
        meters.forEach(registry::remove);
        perUpstream.values().forEach(list -> list.forEach(registry::remove));
        perUpstream.clear();
    }
}
