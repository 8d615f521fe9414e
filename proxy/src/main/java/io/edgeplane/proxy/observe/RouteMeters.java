package io.edgeplane.proxy.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One route's meters, registered when the config loads: requests by status class, and their durations. */
final class RouteMeters {

    private final Counter[] byClass = new Counter[6];
    private final Timer duration;

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

    void record(int status, long nanos) {
        int statusClass = status / 100;
        byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
