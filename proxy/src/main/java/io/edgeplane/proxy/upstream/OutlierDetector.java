package io.edgeplane.proxy.upstream;

import io.edgeplane.config.proxy.OutlierDetectionConfig;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Passive health checking of one pool: hears how real requests went and ejects a server that failed too
 * many in a row, for a time that doubles with each ejection that follows soon after the last (see
 * {@link OutlierDetectionConfig}). The ejection ends by a task on the event loop that saw the last failure.
 * Never ejects more than the pool's cap at once: a fault every server shares must not empty the pool.
 */
final class OutlierDetector {

    private final OutlierDetectionConfig config;
    private final ServerStatus[] statuses;
    /** Each server's ejection level: the next ejection lasts base × 2^level. */
    private final int[] levels;
    /** When each server's last ejection ended, {@link #nanos} time; 0 = never ejected. */
    private final long[] lastReadmitted;
    private final int maxEjected;
    private final LongSupplier nanos;
    private int ejectedNow;

    OutlierDetector(OutlierDetectionConfig config, List<ServerStatus> statuses, LongSupplier nanos) {
        this.config = config;
        this.statuses = statuses.toArray(ServerStatus[]::new);
        this.levels = new int[this.statuses.length];
        this.lastReadmitted = new long[this.statuses.length];
        this.maxEjected = Math.max(1, this.statuses.length * config.maxEjectedPercent() / 100);
        this.nanos = nanos;
    }

    /** A failed attempt (connect error, lost connection, timeout): the server's {@code inARow}th in a row. */
    void failed(int server, int inARow, EventExecutor loop) {
        if (config.consecutiveFailures() > 0 && inARow >= config.consecutiveFailures()) {
            eject(server, inARow + " failed attempts in a row", loop);
        }
    }

    /** An answer; {@code fiveXxInARow} is the server's run of 5xx answers, 0 after any other. */
    void answered(int server, int fiveXxInARow, EventExecutor loop) {
        if (config.consecutiveServerErrors() > 0 && fiveXxInARow >= config.consecutiveServerErrors()) {
            eject(server, fiveXxInARow + " 5xx answers in a row", loop);
        }
    }

    private void eject(int server, String why, EventExecutor loop) {
        ServerStatus status = statuses[server];
        long duration;
        synchronized (this) {
            if (status.ejected() || ejectedNow >= maxEjected) {
                return;
            }
            long base = config.baseEjectionTime().toNanos();
            long now = nanos.getAsLong();
            if (lastReadmitted[server] != 0) {
                // Each base period served since the last ejection ended forgives one doubling.
                long forgiven = (now - lastReadmitted[server]) / base;
                levels[server] = (int) Math.max(0, levels[server] - forgiven);
            }
            duration = Math.min(config.maxEjectionTime().toNanos(), base << Math.min(levels[server], 30));
            if (!status.eject("ejected for " + TimeUnit.NANOSECONDS.toMillis(duration) + "ms: " + why)) {
                return;
            }
            levels[server]++;
            ejectedNow++;
        }
        loop.schedule(() -> readmit(server), duration, TimeUnit.NANOSECONDS);
    }

    private void readmit(int server) {
        synchronized (this) {
            ejectedNow--;
            lastReadmitted[server] = Math.max(1, nanos.getAsLong());
        }
        statuses[server].server().resetFailureRuns();
        statuses[server].readmit("ejection over");
    }

    /** Servers ejected now. */
    synchronized int ejectedNow() {
        return ejectedNow;
    }
}
