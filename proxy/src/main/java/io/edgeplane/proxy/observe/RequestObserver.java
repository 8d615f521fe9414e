package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.stats.StatusCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every finished request of one listener: its route's meters, the listener's byte counters, and
 * an access log line. Built with the listener's runtime; the meters it registered are listed so a reload
 * can drop those of routes that went away.
 */
public final class RequestObserver {

    private final String listener;
    private final RouteMeters[] routes;
    private final String[] routeNames;
    private final RouteMeters unmatched;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final AccessLog accessLog;
    private final Clock clock;
    private final List<Meter> meters = new ArrayList<>();

    /**
     * @param routeNames each route's name as metrics and the access log show it
     * @param accessLog  where access log lines go, or null for none
     */
    public RequestObserver(MeterRegistry registry, String listener, List<String> routeNames, AccessLog accessLog, Clock clock) {
        this.listener = listener;
        this.routeNames = routeNames.toArray(String[]::new);
        this.routes = new RouteMeters[routeNames.size()];
        for (int i = 0; i < routes.length; i++) {
            routes[i] = new RouteMeters(registry, listener, this.routeNames[i], meters);
        }
        this.unmatched = new RouteMeters(registry, listener, "-", meters);
        this.bytesIn = Counter.builder("edgeplane.proxy.body.bytes").description("Request and response body bytes")
                .baseUnit("bytes").tags("listener", listener, "direction", "in").register(registry);
        this.bytesOut = Counter.builder("edgeplane.proxy.body.bytes").description("Request and response body bytes")
                .baseUnit("bytes").tags("listener", listener, "direction", "out").register(registry);
        meters.add(bytesIn);
        meters.add(bytesOut);
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** The listener's route names, in config order. */
    public List<String> routeNames() {
        return List.of(routeNames);
    }

    /**
     * What route {@code route} (its index; -1 for requests no route took) answered: requests by status
     * class, body bytes and durations.
     */
    public RouteTraffic traffic(int route) {
        RouteMeters meters = route >= 0 && route < routes.length ? routes[route] : unmatched;
        return new RouteTraffic(meters.statuses(), meters.bytesIn(), meters.bytesOut(), meters.duration());
    }

    /** A route's counts as the stats read them. */
    public record RouteTraffic(StatusCounts statuses, long bytesIn, long bytesOut, Timer duration) {
    }

    /** Every meter this observer registered. */
    public List<Meter> meters() {
        return meters;
    }

    /**
     * Records a request whose answer is complete (or that the client abandoned, as 499), also one refused
     * before routing whose request line was read: its route index is -1, so it counts under route {@code -}.
     */
    public void observe(RequestContext request) {
        long duration = System.nanoTime() - request.startNanos();
        int route = request.routeIndex();
        (route >= 0 && route < routes.length ? routes[route] : unmatched).record(request.status(), duration,
                request.bytesIn(), request.bytesOut());
        if (request.bytesIn() > 0) {
            bytesIn.increment(request.bytesIn());
        }
        if (request.bytesOut() > 0) {
            bytesOut.increment(request.bytesOut());
        }
        if (accessLog != null) {
            accessLog.record(new AccessLogEntry(
                    clock.millis() - duration / 1_000_000, request.client().getAddress().getHostAddress(), listener,
                    request.method(), request.receivedHost(), request.receivedUri(), request.protocol(), request.status(),
                    request.bytesIn(), request.bytesOut(), duration,
                    route >= 0 && route < routeNames.length ? routeNames[route] : "-",
                    request.upstreamAddr().isEmpty() ? "-" : request.upstreamAddr(), request.upstreamNanos(),
                    request.header("referer"), request.header("user-agent")));
        }
    }

    /**
     * Records a request refused before its request line could be read (408 for a header section that never
     * ended, 414, a malformed request line, a folded header line): no method, host, target or protocol to
     * tell, and no route. nginx logs such requests too, with {@code "-"} for the request.
     *
     * @param startNanos when its first byte arrived ({@link System#nanoTime()})
     */
    public void observeUnread(InetSocketAddress client, int status, long bytesSent, long startNanos) {
        long duration = System.nanoTime() - startNanos;
        unmatched.record(status, duration, 0, bytesSent);
        if (bytesSent > 0) {
            bytesOut.increment(bytesSent);
        }
        if (accessLog != null) {
            accessLog.record(new AccessLogEntry(clock.millis() - duration / 1_000_000, client.getAddress().getHostAddress(),
                    listener, "", "", "", "", status, 0, bytesSent, duration, "-", "-", -1, null, null));
        }
    }
}
