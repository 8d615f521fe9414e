package io.edgeplane.proxy.resolve;

import io.edgeplane.config.value.Durations;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one name of one upstream pool fresh: looks it up again when its answer expires, hands changed
 * addresses to the pool, and after a failed lookup keeps the last good addresses and tries again sooner.
 * A failure run is logged once when it starts and once when it ends, and every failed lookup is counted.
 *
 * <p>Refreshes run one at a time on the scheduler's thread (the resolver thread); only {@link #close} comes
 * from elsewhere, which is why it and the task share nothing but two volatile fields.
 */
public final class NameWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NameWatch.class);

    private final String pool;
    private final String host;
    private final NameLookup lookup;
    private final RefreshPolicy policy;
    private final Scheduler scheduler;
    private final Consumer<List<InetAddress>> publish;
    private final Runnable failed;

    // Touched only by the refresh task and the lookup completing after it, never at the same time.
    private List<InetAddress> current;
    private Duration interval;
    private int failures;

    private volatile boolean closed;
    private volatile Future<?> next;

    private NameWatch(String pool, ResolvedName initial, NameLookup lookup, RefreshPolicy policy, Scheduler scheduler,
                      Consumer<List<InetAddress>> publish, Runnable failed) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.host = initial.host();
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.publish = Objects.requireNonNull(publish, "publish");
        this.failed = Objects.requireNonNull(failed, "failed");
        this.current = initial.addresses();
        this.interval = policy.refreshAfter(initial.ttl());
    }

    /**
     * Starts watching {@code initial.host()}, whose addresses the pool already has: the first refresh comes
     * when {@code initial} expires.
     *
     * @param pool    the pool's name, for the log
     * @param publish receives each new set of addresses (not called when an answer brings the same ones)
     * @param failed  called for every failed lookup (the failure counter)
     */
    public static NameWatch start(String pool, ResolvedName initial, NameLookup lookup, RefreshPolicy policy,
                                  Scheduler scheduler, Consumer<List<InetAddress>> publish, Runnable failed) {
        NameWatch watch = new NameWatch(pool, initial, lookup, policy, scheduler, publish, failed);
        watch.schedule(watch.interval);
        return watch;
    }

    public String host() {
        return host;
    }

    /** Looks the name up again now rather than when its TTL runs out (an operator's "flush the DNS cache"). */
    public void refreshNow() {
        Future<?> scheduled = next;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        schedule(Duration.ZERO);
    }

    /** Stops refreshing; a lookup in flight is ignored when it completes. */
    @Override
    public void close() {
        closed = true;
        Future<?> scheduled = next;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            next = scheduler.schedule(this::refresh, delay);
        } catch (RejectedExecutionException e) {
            // The resolver thread is stopping, which happens only when the proxy stops.
            return;
        }
        if (closed) {
            // close() ran between the check above and the assignment, and may have cancelled the older future.
            next.cancel(false);
        }
    }

    private void refresh() {
        if (closed) {
            return;
        }
        lookup.lookup(host).whenComplete(this::answered);
    }

    private void answered(ResolvedName answer, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            failed(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            return;
        }
        if (failures > 0) {
            log.info("proxy: upstream {}: {} resolves again, to {}, after {} failed lookup{}", pool, host,
                    text(answer.addresses()), failures, failures == 1 ? "" : "s");
            failures = 0;
        }
        if (!new HashSet<>(answer.addresses()).equals(new HashSet<>(current))) {
            log.info("proxy: upstream {}: {} now resolves to {} (was {})", pool, host, text(answer.addresses()), text(current));
            current = answer.addresses();
            publish.accept(current);
        }
        interval = policy.refreshAfter(answer.ttl());
        schedule(interval);
    }

    private void failed(Throwable cause) {
        failures++;
        failed.run();
        Duration retry = policy.retryAfter(failures, interval);
        String reason = cause instanceof NameLookupException e ? e.reason() : cause.toString();
        if (failures == 1) {
            // Once per failure run: a name server that is down for an hour must not write a line per retry.
            log.warn("proxy: upstream {}: cannot resolve {} again ({}); keeping {} and retrying, first in {}", pool, host,
                    reason, text(current), Durations.format(retry));
        } else {
            log.debug("proxy: upstream {}: lookup {} of {} failed ({}); retrying in {}", pool, failures, host, reason,
                    Durations.format(retry));
        }
        schedule(retry);
    }

    private static String text(List<InetAddress> addresses) {
        StringBuilder text = new StringBuilder();
        for (InetAddress address : addresses) {
            text.append(text.isEmpty() ? "" : ", ").append(address.getHostAddress());
        }
        return text.toString();
    }
}
