package io.edgeplane.dns.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How queries are forwarded.
 *
 * @param servers       the upstream servers, in the order {@link Strategy#STRICT_ORDER} asks them
 * @param strategy      which of a name's servers is asked first
 * @param queryTimeout  how long one upstream query waits for its reply before the next server is asked
 * @param attempts      upstream queries per forwarded query at most, over the name's servers in turn (a TCP
 *                      retry after a truncated reply is part of the attempt that got it)
 * @param maxInFlight   distinct queries waiting on upstreams at once; beyond it, queries fail at once as
 *                      {@link ForwardResult.Failure#OVERLOADED}
 * @param randomizeCase whether names are sent in random case (0x20, draft-vixie-dnsext-dns0x20), which adds
 *                      a bit per letter that a spoofed reply has to guess
 */
public record ForwardSettings(List<UpstreamServer> servers, Strategy strategy, Duration queryTimeout, int attempts,
                              int maxInFlight, boolean randomizeCase) {

    /** Which server is asked first. */
    public enum Strategy {
        /** In the order configured; the next one only after a failure (dnsmasq's {@code strict-order}). */
        STRICT_ORDER,
        /** The one with the lowest smoothed round-trip time, the others asked now and then to keep theirs current. */
        FASTEST
    }

    public ForwardSettings {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("forwarding needs at least one upstream server");
        }
        Set<InetSocketAddress> seen = new HashSet<>();
        for (UpstreamServer server : servers) {
            if (!seen.add(server.address())) {
                throw new IllegalArgumentException("upstream " + server.address()
                        + " is listed twice; list it once with all its domains");
            }
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, not " + queryTimeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
    }
}
