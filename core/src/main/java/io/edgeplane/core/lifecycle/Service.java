package io.edgeplane.core.lifecycle;

import io.edgeplane.config.EdgeplaneConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One running protocol service (admin, proxy, DNS, NTP, ...). A start is the first reload: the gateway
 * calls {@link #prepare} for every service, and commits all of them only if all prepared, so a config that
 * cannot be applied anywhere changes nothing anywhere.
 */
public interface Service {

    /** A short name that reads well in logs and health output: {@code admin}, {@code proxy}, {@code dns}. */
    String name();

    /**
     * Builds what {@code config} needs (runtime tables, newly bound sockets) while the current config keeps
     * serving. Must not block on anything but the sockets it binds; never called on an event loop.
     *
     * @throws ServiceException if the config cannot be applied here (a port in use, a file unreadable);
     *                          the service then runs on as before
     */
    Transition prepare(EdgeplaneConfig config) throws ServiceException;

    /**
     * Stops taking new work, lets open work finish for at most {@code grace}, then closes everything. The
     * future completes when the service holds no socket or thread any more.
     */
    CompletableFuture<Void> stop(Duration grace);

    /**
     * Stops a service whose section a reload removed from the config. Most services stop as {@link #stop} does; one
     * that leaves state behind a stop on purpose (the firewall's table, kept in force when the process stops) undoes
     * it here, since the config no longer asks for it.
     */
    default CompletableFuture<Void> retire(Duration grace) {
        return stop(grace);
    }

    /** Whether the service is doing its job now. */
    Health health();

    /**
     * Where the service can be reached now, as URLs an operator can paste ({@code http://127.0.0.1:8404/},
     * {@code dns://127.0.0.1:5353}), with the ports actually bound. Printed at start-up.
     */
    List<String> endpoints();

    /** A prepared change: exactly one of {@link #commit} or {@link #abort} is called. */
    interface Transition {

        /** Switches to the prepared state and releases what only the old state used. Must not fail. */
        void commit();

        /** Throws the prepared state away (closing any socket it bound); the old state runs on. */
        void abort();
    }
}
