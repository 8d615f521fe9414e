package io.edgeplane.proxy.observe;

import io.edgeplane.proxy.stats.StatusCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One route's meters, registered when the config loads: requests by status class, and their durations; and
 * its body bytes, for the stats page only (the listener's byte counters are the exported ones).
 */
final class RouteMeters {

    private final Counter[] byClass = new Counter[6];
    private final Timer duration;
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    RouteMeters(MeterRegistry registry, String listener, String route, List<Meter> registered) {
        for (int i = 1; i <= 5; i++) {
            byClass[i] = Counter.builder("edgeplane.proxy.requests")
                    .description("Requests answered, by listener, route and status class")
                    .tags("listener", listener, "route", route, "code", i + "xx")
                    .register(registry);
            registered.add(byClass[i]);
        }
        byClass[0] = byClass[5];
        duration = Timer.builder("edgeplane.proxy.request.duration")
                .description("From a request's head to the last byte of its answer")
                .tags("listener", listener, "route", route)
                .publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(60))
                .register(registry);
        registered.add(duration);
    }

    void record(int status, long nanos, long in, long out) {
        int statusClass = status / 100;
        byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
        if (in > 0) {
            bytesIn.add(in);
        }
        if (out > 0) {
            bytesOut.add(out);
        }
    }

    /** Answers by status class; statuses outside 1xx..5xx count as 5xx, as they are exported. */
    StatusCounts statuses() {
        return new StatusCounts((long) byClass[1].count(), (long) byClass[2].count(), (long) byClass[3].count(),
                (long) byClass[4].count(), (long) byClass[5].count(), 0);
    }

    Timer duration() {
        return duration;
    }

    long bytesIn() {
        return bytesIn.sum();
    }

    long bytesOut() {
        return bytesOut.sum();
    }
}
