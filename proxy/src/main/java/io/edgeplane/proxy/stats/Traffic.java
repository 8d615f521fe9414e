package io.edgeplane.proxy.stats;

import io.edgeplane.core.stats.Latency;
import java.util.Objects;

/**
 * What went through a listener, route, pool or server since it was built (a reload that keeps it keeps
 * its counts).
 *
 * @param requests    requests answered (every status)
 * @param requestRate requests per second over the last few seconds
 * @param statuses    the answers by status class
 * @param bytesIn     body bytes received from clients (for servers: sent to the server)
 * @param bytesOut    body bytes sent to clients (for servers: received from the server)
 * @param latency     how long answers took lately
 */
public record Traffic(long requests, double requestRate, StatusCounts statuses, long bytesIn, long bytesOut,
                      Latency latency) {

    public Traffic {
        Objects.requireNonNull(statuses, "statuses");
        Objects.requireNonNull(latency, "latency");
    }
}
