package io.edgeplane.proxy.resolve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** A {@link Scheduler} on a clock the test moves by hand: tasks run, in time order, when {@link #advance} passes them. */
final class ManualScheduler implements Scheduler {

    private record Entry(Duration due, long order, FutureTask<Void> task) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private Duration now = Duration.ZERO;
    private long order;

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        FutureTask<Void> future = new FutureTask<>(task, null);
        entries.add(new Entry(now.plus(delay), order++, future));
        return future;
    }

    /** Moves the clock on by {@code step}, running every task that falls due, including ones they schedule. */
    void advance(Duration step) {
        Duration until = now.plus(step);
        while (true) {
            Entry next = entries.stream().filter(e -> e.due().compareTo(until) <= 0)
                    .min(Comparator.comparing(Entry::due).thenComparingLong(Entry::order)).orElse(null);
            if (next == null) {
                break;
            }
            entries.remove(next);
            now = next.due();
            next.task().run();
        }
        now = until;
    }

    /** How long until the next task that has not been cancelled, or null when none is waiting. */
    Duration nextIn() {
        return entries.stream().filter(e -> !e.task().isCancelled()).map(Entry::due).min(Comparator.naturalOrder())
                .map(due -> due.minus(now)).orElse(null);
    }
}
