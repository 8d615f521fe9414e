package io.edgeplane.gateway.runtime;

import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * What the gateway hands every service it creates.
 *
 * @param eventLoops the shared event loops every socket runs on
 * @param meters     where services register their metrics, once per config load
 * @param blocking   for work that must never run on an event loop (files, scripts, name resolution)
 * @param clock      the time source; tests drive their own
 * @param control    the process's control surface, for the admin service
 */
public record ServiceContext(EventLoops eventLoops, MeterRegistry meters, ExecutorService blocking, Clock clock,
                             GatewayControl control) {

    public ServiceContext {
        Objects.requireNonNull(eventLoops, "eventLoops");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(blocking, "blocking");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(control, "control");
    }
}
