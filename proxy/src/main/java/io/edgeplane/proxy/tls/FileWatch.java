package io.edgeplane.proxy.tls;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a digest of some files every {@code interval} on the blocking executor (never on an event loop) and
 * calls back when it differs from the last one seen. Polling, not inotify: it works the same on every file
 * system, including the bind mounts and symlink swaps (Kubernetes secrets, certbot's {@code live/}) where
 * change events go missing. One check at a time: the next is scheduled when one ends.
 */
final class FileWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileWatch.class);

    private final Duration interval;
    private final Executor executor;
    private final Supplier<String> digest;
    private final Runnable changed;
    private volatile boolean closed;
    /** Only the check touches it, and checks run one after the other. */
    private String last;

    /**
     * @param initial the digest of what is loaded now
     * @param changed runs on the executor after a check saw a new digest
     */
    FileWatch(Duration interval, Executor executor, Supplier<String> digest, String initial, Runnable changed) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.last = Objects.requireNonNull(initial, "initial");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    void start() {
        if (!interval.isZero()) {
            schedule();
        }
    }

    private void schedule() {
        if (closed) {
            return;
        }
        try {
            CompletableFuture.delayedExecutor(interval.toNanos(), TimeUnit.NANOSECONDS, executor).execute(this::tick);
        } catch (RejectedExecutionException e) {
            // The executor is shutting down with the process: nothing left to watch for.
            closed = true;
        }
    }

    private void tick() {
        try {
            check();
        } finally {
            schedule();
        }
    }

    /** One check, now, on the calling thread; tests call it to skip the wait. */
    void check() {
        if (closed) {
            return;
        }
        try {
            String now = digest.get();
            if (!now.equals(last)) {
                last = now;
                changed.run();
            }
        } catch (RuntimeException e) {
            log.warn("proxy: checking certificate files failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
