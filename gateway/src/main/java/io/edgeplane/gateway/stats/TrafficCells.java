package io.edgeplane.gateway.stats;

import io.edgeplane.core.stats.Latency;
import io.edgeplane.proxy.stats.StatusCounts;
import io.edgeplane.proxy.stats.Traffic;

/**
 * The cells every table of the page shares for a {@link Traffic}, so a listener, a route, a pool and a
 * server read the same way. The header cells come with them to keep headers and rows in step.
 */
final class TrafficCells {

    /** Header cells for {@link #rates}. */
    static final String RATE_HEADERS = "<th>Req/s</th><th>Requests</th>";
    /** Header cells for {@link #statuses}. */
    static final String STATUS_HEADERS =
            "<th>1xx</th><th>2xx</th><th>3xx</th><th>4xx</th><th>5xx</th><th title=\"no status: the upstream failed first\">Other</th>";
    /** Header cells for {@link #bytes}. */
    static final String BYTES_HEADERS = "<th>In</th><th>Out</th>";
    /** Header cells for {@link #latency}. */
    static final String LATENCY_HEADERS = "<th>p50</th><th>p99</th>";

    private TrafficCells() {
    }

    static void rates(Html html, Traffic traffic) {
        html.num(Formats.rate(traffic.requestRate())).num(Long.toString(traffic.requests()));
    }

    static void statuses(Html html, StatusCounts statuses) {
        html.num(Long.toString(statuses.informational()))
                .num(Long.toString(statuses.success()))
                .num(Long.toString(statuses.redirection()))
                .num(Long.toString(statuses.clientError()));
        // Server errors and failures before any status are what an operator looks for: make them stand out.
        flagged(html, statuses.serverError());
        flagged(html, statuses.other());
    }

    static void bytes(Html html, Traffic traffic) {
        html.num(Formats.bytes(traffic.bytesIn())).num(Formats.bytes(traffic.bytesOut()));
    }

    static void latency(Html html, Latency latency) {
        html.num(Formats.millis(latency.p50Millis())).num(Formats.millis(latency.p99Millis()));
    }

    /** A count cell that is highlighted when not zero. */
    static void flagged(Html html, long count) {
        html.raw(count > 0 ? "<td class=\"n warn\">" : "<td class=\"n\">").text(Long.toString(count)).raw("</td>");
    }
}
