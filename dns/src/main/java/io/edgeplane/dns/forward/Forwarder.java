package io.edgeplane.dns.forward;

import io.edgeplane.core.transport.EventLoops;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards queries to upstream DNS servers and hands back their replies, resisting spoofing (DNSpooq,
 * CVE-2020-25684/25685/25686): every upstream query goes out from a fresh socket on a random port with an ID
 * from a {@link SecureRandom} and, when {@link ForwardSettings#randomizeCase()} is on, its name in random case;
 * a reply is accepted only from the address and port queried, with the same ID and the question byte for
 * byte, and anything else is dropped, counted in {@link #spoofedReplies()}, while the query waits on.
 *
 * <p>Identical queries in flight are merged into one upstream query, and at most
 * {@link ForwardSettings#maxInFlight()} distinct ones are in flight: beyond that a query fails at once, and a
 * line at most every 10 seconds names the slowest upstream, the usual cause.
 *
 * <p>Thread-safe, and never blocks: call it from any event loop. Each query runs on one loop of the group;
 * its future completes there.
 */
public final class Forwarder {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final ForwardSettings settings;
    private final EventLoops eventLoops;
    private final LongSupplier nanos;
    private final long timeoutNanos;
    /** Thread-safe; IDs and case bits an off-path attacker must not be able to predict from ones it saw. */
    private final SecureRandom random = new SecureRandom();
    private final CaseRandomizer caseRandomizer = new CaseRandomizer(random);
    private final List<UpstreamStats> upstreams;
    private final UpstreamSelector selector;
    private final OverloadReport overloadReport;
    private final ConcurrentMap<FlightKey, CompletableFuture<ForwardResult>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger flights = new AtomicInteger();
    private final LongAdder spoofed = new LongAdder();
    private final LongAdder merged = new LongAdder();
    private final LongAdder overloaded = new LongAdder();

    /**
     * @param nanos the clock round-trip times and the overload line's interval are measured on, as
     *              {@link System#nanoTime()} reads it; timeouts are the event loop's own
     */
    public Forwarder(ForwardSettings settings, EventLoops eventLoops, LongSupplier nanos) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.timeoutNanos = settings.queryTimeout().toNanos();
        List<UpstreamStats> stats = new ArrayList<>();
        for (UpstreamServer server : settings.servers()) {
            stats.add(new UpstreamStats(server));
        }
        this.upstreams = List.copyOf(stats);
        this.selector = new UpstreamSelector(settings.strategy(), upstreams);
        this.overloadReport = new OverloadReport(nanos);
    }

    /**
     * Forwards a query; the future completes with the reply or why there is none, never exceptionally.
     *
     * @param canonicalName the name, dotted, without the trailing dot ("" for the root); its case does not matter
     * @throws IllegalArgumentException if the name cannot be written as a DNS name
     */
    public CompletableFuture<ForwardResult> forward(String canonicalName, int qtype, int qclass, boolean dnssecOk) {
        FlightKey key = new FlightKey(canonicalName, qtype, qclass, dnssecOk);
        CompletableFuture<ForwardResult> running = inFlight.get(key);
        if (running != null) {
            merged.increment();
            return running.copy();
        }
        // Fails here, in the caller, for a name that cannot be sent, rather than later on the loop.
        SentQuery.create(0, key.name(), qtype, qclass, dnssecOk);
        List<UpstreamStats> order = selector.order(key.name());
        if (order.isEmpty()) {
            return CompletableFuture.completedFuture(new ForwardResult.Failed(ForwardResult.Failure.NO_SERVER));
        }
        if (flights.incrementAndGet() > settings.maxInFlight()) {
            flights.decrementAndGet();
            overloaded.increment();
            String line = overloadReport.refused(settings.maxInFlight(), upstreams);
            if (line != null) {
                log.warn("{}", line);
            }
            return CompletableFuture.completedFuture(new ForwardResult.Failed(ForwardResult.Failure.OVERLOADED));
        }
        CompletableFuture<ForwardResult> flight = new CompletableFuture<>();
        running = inFlight.putIfAbsent(key, flight);
        if (running != null) {
            flights.decrementAndGet();
            merged.increment();
            return running.copy();
        }
        EventLoop loop = eventLoops.group().next();
        UpstreamExchange exchange = new UpstreamExchange(this, key, order, loop, result -> {
            // Out of the map before anyone hears the result, so a query asked again after it starts afresh.
            inFlight.remove(key, flight);
            flights.decrementAndGet();
            flight.complete(result);
        });
        try {
            loop.execute(exchange::start);
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, flight);
            flights.decrementAndGet();
            flight.complete(new ForwardResult.Failed(ForwardResult.Failure.SERVFAIL));
        }
        // A copy each, so that no caller can complete the one the others wait on.
        return flight.copy();
    }

    /** Replies dropped because they came from the wrong address or port, or did not match the query's ID or question. */
    public long spoofedReplies() {
        return spoofed.sum();
    }

    /** Queries that joined an identical one already in flight instead of going upstream. */
    public long mergedQueries() {
        return merged.sum();
    }

    /** Queries failed at once because {@link ForwardSettings#maxInFlight()} were in flight. */
    public long overloadedQueries() {
        return overloaded.sum();
    }

    /** Distinct queries in flight now. */
    public int inFlight() {
        return flights.get();
    }

    /** Each upstream's counters, in the order configured. */
    public List<UpstreamStats> upstreams() {
        return upstreams;
    }

    public ForwardSettings settings() {
        return settings;
    }

    EventLoops eventLoops() {
        return eventLoops;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    long nanos() {
        return nanos.getAsLong();
    }

    void countSpoofed() {
        spoofed.increment();
    }

    /** A fresh query for {@code key}: a new random ID and, when asked for, a new random case. */
    SentQuery newQuery(FlightKey key) {
        String name = settings.randomizeCase() ? caseRandomizer.apply(key.name()) : key.name();
        return SentQuery.create(random.nextInt(1 << 16), name, key.qtype(), key.qclass(), key.dnssecOk());
    }
}
