package io.edgeplane.dns.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.dns.DnsRecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The DNS server's meters: queries answered by type and RCODE, how long answering took, and what was not
 * answered (malformed packets dropped, responses sent to us, clients refused, answers truncated). Series of
 * type × RCODE are registered as they first happen (most never do); the rest when the service starts.
 */
final class DnsMeters {

    /** The types counted by name; every other type counts as {@code other}. */
    private static final List<DnsRecordType> TYPES = List.of(DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.PTR,
            DnsRecordType.CNAME, DnsRecordType.MX, DnsRecordType.TXT, DnsRecordType.SRV, DnsRecordType.NS,
            DnsRecordType.SOA, DnsRecordType.HTTPS, DnsRecordType.SVCB, DnsRecordType.ANY);
    private static final String[] RCODES = new String[17];

    static {
        RCODES[0] = "noerror";
        RCODES[1] = "formerr";
        RCODES[2] = "servfail";
        RCODES[3] = "nxdomain";
        RCODES[4] = "notimp";
        RCODES[5] = "refused";
        RCODES[16] = "badvers";
    }

    /** Queries timed: one in this many (a power of two). */
    static final int TIMED_EVERY = 8;

    private final MeterRegistry registry;
    /** Counts queries for {@link #timeThisQuery}; plain racy increments would do, but a read is cheap anyway. */
    private final AtomicInteger sampled = new AtomicInteger();
    private final AtomicReferenceArray<Counter> byTypeAndCode = new AtomicReferenceArray<>((TYPES.size() + 1) * RCODES.length);
    private final List<Meter> meters = new ArrayList<>();
    private final Timer duration;
    private final Counter malformedUdp;
    private final Counter malformedTcp;
    private final Counter notQueries;
    private final Counter denied;
    private final Counter truncated;
    private final Counter rateLimitedDropped;
    private final Counter rateLimitedSlipped;

    DnsMeters(MeterRegistry registry) {
        this.registry = registry;
        // A dozen buckets, not the ~70 of a percentile histogram: finding a query's bucket was a tenth of the
        // server's CPU with those. Local answers take microseconds, forwarded ones milliseconds.
        duration = add(Timer.builder("edgeplane.dns.query.duration")
                .description("From a query read to its answer written; one query in 8 is timed")
                .serviceLevelObjectives(Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(25_000),
                        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
                        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry));
        malformedUdp = dropped("malformed", "udp");
        malformedTcp = dropped("malformed", "tcp");
        notQueries = dropped("not_a_query", "udp");
        denied = add(Counter.builder("edgeplane.dns.clients.refused")
                .description("Queries from clients outside dns.allow (or inside dns.deny), answered REFUSED")
                .register(registry));
        truncated = add(Counter.builder("edgeplane.dns.truncated")
                .description("UDP answers too big for the client's size, sent with TC set so it asks again over TCP")
                .register(registry));
        rateLimitedDropped = rateLimited("dropped");
        rateLimitedSlipped = rateLimited("truncated");
    }

    private Counter rateLimited(String action) {
        return add(Counter.builder("edgeplane.dns.rate_limited")
                .description("UDP answers over a client network's rate (dns.rate_limit): dropped, or sent truncated")
                .tags("action", action).register(registry));
    }

    private Counter dropped(String reason, String transport) {
        return add(Counter.builder("edgeplane.dns.dropped")
                .description("Packets not answered: undecodable without even a header, or responses sent to this server")
                .tags("reason", reason, "transport", transport).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /**
     * Whether to time this query: one in {@link #TIMED_EVERY}, the rest not even reading the clock. A sample is
     * as good as all of them for the latency distribution; {@code edgeplane_dns_queries_total} counts them all.
     */
    boolean timeThisQuery() {
        return (sampled.getAndIncrement() & (TIMED_EVERY - 1)) == 0;
    }

    /** @param startNanos when the query was read, or 0 for a query not timed */
    void answered(DnsRecordType type, int rcode, long startNanos) {
        int typeIndex = TYPES.indexOf(type);
        if (typeIndex < 0) {
            typeIndex = TYPES.size();
        }
        int code = rcode >= 0 && rcode < RCODES.length && RCODES[rcode] != null ? rcode : 2;
        int slot = typeIndex * RCODES.length + code;
        Counter counter = byTypeAndCode.get(slot);
        if (counter == null) {
            String typeName = typeIndex < TYPES.size() ? TYPES.get(typeIndex).name().toUpperCase(Locale.ROOT) : "other";
            counter = Counter.builder("edgeplane.dns.queries").description("Queries answered, by question type and RCODE")
                    .tags("type", typeName, "rcode", RCODES[code]).register(registry);
            byTypeAndCode.compareAndSet(slot, null, counter);
        }
        counter.increment();
        if (startNanos != 0) {
            duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    void malformed(boolean tcp) {
        (tcp ? malformedTcp : malformedUdp).increment();
    }

    void notAQuery() {
        notQueries.increment();
    }

    void denied() {
        denied.increment();
    }

    void truncated() {
        truncated.increment();
    }

    /** @param slipped sent truncated rather than dropped */
    void rateLimited(boolean slipped) {
        (slipped ? rateLimitedSlipped : rateLimitedDropped).increment();
    }

    long rateLimitedCount() {
        return (long) (rateLimitedDropped.count() + rateLimitedSlipped.count());
    }

    /** Queries answered so far, by type and by RCODE (most first), and in all. */
    record Counts(long total, Map<String, Long> byRcode, Map<String, Long> byType) {
    }

    /** Queries answered so far, in all: what the once-a-second rate sample reads, without building maps. */
    long total() {
        long total = 0;
        for (int slot = 0; slot < byTypeAndCode.length(); slot++) {
            Counter counter = byTypeAndCode.get(slot);
            if (counter != null) {
                total += (long) counter.count();
            }
        }
        return total;
    }

    Counts counts() {
        Map<String, Long> byRcode = new HashMap<>();
        Map<String, Long> byType = new HashMap<>();
        long total = 0;
        for (int slot = 0; slot < byTypeAndCode.length(); slot++) {
            Counter counter = byTypeAndCode.get(slot);
            if (counter == null) {
                continue;
            }
            long count = (long) counter.count();
            total += count;
            byRcode.merge(counter.getId().getTag("rcode"), count, Long::sum);
            byType.merge(counter.getId().getTag("type"), count, Long::sum);
        }
        return new Counts(total, mostFirst(byRcode), mostFirst(byType));
    }

    private static Map<String, Long> mostFirst(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    Timer duration() {
        return duration;
    }

    long refusedClients() {
        return (long) denied.count();
    }

    long dropped() {
        return (long) (malformedUdp.count() + malformedTcp.count() + notQueries.count());
    }

    long malformed() {
        return (long) (malformedUdp.count() + malformedTcp.count());
    }

    long truncatedCount() {
        return (long) truncated.count();
    }

    /** Removes every meter: the service stopped. */
    void close() {
        meters.forEach(registry::remove);
        for (int i = 0; i < byTypeAndCode.length(); i++) {
            Counter counter = byTypeAndCode.get(i);
            if (counter != null) {
                registry.remove(counter);
            }
        }
    }
}
