package io.edgeplane.dns.stats;

import io.edgeplane.core.stats.Latency;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DNS server's state and counters at one moment (since the service started).
 *
 * @param addresses      where it listens, with the ports bound, UDP and TCP each
 * @param localNames     names with local data (address rules not counted: they cover whole domains)
 * @param runtimeNames   names other services registered at runtime (DHCP leases)
 * @param queries        queries answered
 * @param queryRate      queries per second over the last few seconds
 * @param byRcode        queries answered, by RCODE ({@code noerror}, {@code nxdomain}, ...), most first
 * @param byType         queries answered, by question type ({@code A}, {@code AAAA}, ...), most first
 * @param refusedClients queries from clients outside the allow list
 * @param dropped        packets not answered: unreadable without a header, or responses sent to the server
 * @param malformed      packets that could not be read (FORMERR when they had a header)
 * @param truncated      UDP answers sent truncated
 * @param rateLimited    UDP answers dropped or truncated by the response rate limit
 * @param latency        time to answer, over the last minute (a sample of the queries)
 * @param forwarding     the upstreams and the cache
 */
public record DnsStats(List<String> addresses, int localNames, int runtimeNames, long queries, double queryRate,
                       Map<String, Long> byRcode, Map<String, Long> byType, long refusedClients, long dropped,
                       long malformed, long truncated, long rateLimited, Latency latency, Forwarding forwarding) {

    /**
     * Forwarding and the cache now (counts since the upstreams last changed).
     *
     * @param enabled        whether names without local data are forwarded (else refused)
     * @param inFlight       distinct queries waiting on upstreams
     * @param overloaded     queries answered SERVFAIL because {@code max_in_flight} were waiting
     * @param merged         queries that joined an identical one in flight
     * @param spoofedReplies upstream replies dropped for the wrong source, ID or question
     * @param cacheEntries   answers in the cache
     * @param cacheHits      forwarded names answered from the cache
     * @param cacheMisses    forwarded names sent upstream
     * @param upstreams      each upstream server
     */
    public record Forwarding(boolean enabled, int inFlight, long overloaded, long merged, long spoofedReplies,
                             long cacheEntries, long cacheHits, long cacheMisses, List<Upstream> upstreams) {

        public static final Forwarding OFF = new Forwarding(false, 0, 0, 0, 0, 0, 0, 0, List.of());

        public Forwarding {
            upstreams = List.copyOf(upstreams);
        }
    }

    /**
     * One upstream server.
     *
     * @param address  where it is asked, and for which domains
     * @param queries  queries sent to it
     * @param failures SERVFAIL, REFUSED and broken TCP connections
     * @param timeouts queries it did not answer in time
     * @param pending  queries it has not answered yet
     * @param rttMillis its smoothed round-trip time
     */
    public record Upstream(String address, long queries, long failures, long timeouts, long pending, double rttMillis) {
        public Upstream {
            Objects.requireNonNull(address, "address");
        }
    }

    public DnsStats {
        addresses = List.copyOf(addresses);
        byRcode = Collections.unmodifiableMap(new LinkedHashMap<>(byRcode));
        byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(forwarding, "forwarding");
    }
}
