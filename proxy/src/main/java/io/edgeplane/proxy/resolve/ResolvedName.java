package io.edgeplane.proxy.resolve;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One answer for a name: its addresses, and how long the answer may be used (the smallest TTL of the
 * records it came from, before any clamping).
 *
 * @param host      the name, as configured
 * @param addresses at least one
 * @param ttl       from the records; zero or more
 */
public record ResolvedName(String host, List<InetAddress> addresses, Duration ttl) {

    public ResolvedName {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(ttl, "ttl");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a resolved name has at least one address: " + host);
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, got " + ttl + " for " + host);
        }
    }
}
