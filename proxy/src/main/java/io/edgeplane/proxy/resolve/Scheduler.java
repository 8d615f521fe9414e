package io.edgeplane.proxy.resolve;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs a task once after a delay: the resolver thread's event loop in production, a hand-driven clock in
 * tests, so refresh timing can be checked without waiting.
 */
@FunctionalInterface
public interface Scheduler {

    /** Schedules {@code task} to run after {@code delay}; cancelling the future stops it if it has not run. */
    Future<?> schedule(Runnable task, Duration delay);
}
