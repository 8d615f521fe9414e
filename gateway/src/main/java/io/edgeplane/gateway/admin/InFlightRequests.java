package io.edgeplane.gateway.admin;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts admin requests being answered, so a stop can let them finish before closing connections. */
final class InFlightRequests {

    private final AtomicInteger count = new AtomicInteger();

    void begin() {
        count.incrementAndGet();
    }

    void end() {
        count.decrementAndGet();
    }

    int count() {
        return count.get();
    }

    /** Completes when no request is in flight, or after {@code grace}, whichever comes first. */
    CompletableFuture<Void> drained(Duration grace, Executor executor) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + grace.toNanos();
            while (count.get() > 0 && System.nanoTime() < deadline) {
                try {
                    TimeUnit.MILLISECONDS.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, executor);
    }
}
