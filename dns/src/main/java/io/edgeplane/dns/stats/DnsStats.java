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
 * @param latency        time to answer, over the last minute (a sample of the queries)
 */
public record DnsStats(List<String> addresses, int localNames, int runtimeNames, long queries, double queryRate,
                       Map<String, Long> byRcode, Map<String, Long> byType, long refusedClients, long dropped,
                       long malformed, long truncated, Latency latency) {

    public DnsStats {
        addresses = List.copyOf(addresses);
        byRcode = Collections.unmodifiableMap(new LinkedHashMap<>(byRcode));
        byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        Objects.requireNonNull(latency, "latency");
    }
}
