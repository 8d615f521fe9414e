package io.edgeplane.core.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A deadline on one event loop that is cheap to move. The deadline is a field, and at most one scheduled
 * check compares it with the clock, scheduling itself again for whatever is left: a kept-alive connection
 * moves its deadlines on every request, and scheduling and cancelling a task each time cost more than the
 * request's own work (the scheduler's heap showed in profiles). Only a deadline earlier than the pending
 * check schedules a new one. Not thread-safe: use it on its event loop only.
 */
public final class LazyDeadline {

    private final EventExecutor executor;
    private final Runnable onExpiry;
    /** The check, made once rather than at every scheduling. */
    private final Runnable check = this::check;
    private boolean armed;
    private long deadlineNanos;
    private ScheduledFuture<?> scheduled;
    private long scheduledAtNanos;

    /** @param onExpiry runs on {@code executor} when the deadline passes while armed */
    public LazyDeadline(EventExecutor executor, Runnable onExpiry) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.onExpiry = Objects.requireNonNull(onExpiry, "onExpiry");
    }

    /** Sets the deadline to {@code nanos} after {@code now} (a {@link System#nanoTime()} reading). */
    public void start(long now, long nanos) {
        armed = true;
        deadlineNanos = now + nanos;
        if (scheduled != null && deadlineNanos - scheduledAtNanos < 0) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (scheduled == null) {
            schedule(now, nanos);
        }
    }

    /** No deadline for now; the pending check, if any, will find nothing to do. */
    public void clear() {
        armed = false;
    }

    /** No deadline, and no pending check either: for when the channel closes. */
    public void stop() {
        armed = false;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void schedule(long now, long nanos) {
        scheduledAtNanos = now + nanos;
        scheduled = executor.schedule(check, Math.max(nanos, 0), TimeUnit.NANOSECONDS);
    }

    private void check() {
        scheduled = null;
        if (!armed) {
            return;
        }
        long now = System.nanoTime();
        long left = deadlineNanos - now;
        if (left > 0) {
            schedule(now, left);
            return;
        }
        armed = false;
        onExpiry.run();
    }
}
