package io.edgeplane.ntp.clock;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the drift file is written, as chrony does: after a clock update once the last write (or the start)
 * is at least {@link #INTERVAL_NANOS} old, and once more at stop, so the file follows a slowly changing frequency
 * without an fsync every poll. Writes during service go to an I/O executor, never the caller's (event loop) thread.
 */
public final class DriftRecorder {

    /** chrony writes its drift file at most hourly. */
    public static final long INTERVAL_NANOS = 3_600_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(DriftRecorder.class);

    private final DriftFile file;
    private final LongSupplier monotonicNanos;
    private final Executor ioExecutor;
    private long lastWriteNanos;

    /**
     * @param file           where the drift is kept
     * @param monotonicNanos the monotonic clock; the first write is due an interval after this recorder is made,
     *                       as the file was just read then
     * @param ioExecutor     runs the writes made during service (blocking I/O and fsync)
     */
    public DriftRecorder(DriftFile file, LongSupplier monotonicNanos, Executor ioExecutor) {
        this.file = Objects.requireNonNull(file, "file");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
        this.ioExecutor = Objects.requireNonNull(ioExecutor, "ioExecutor");
        this.lastWriteNanos = monotonicNanos.getAsLong();
    }

    /**
     * Called after each clock update with the discipline's drift ({@link DisciplinedClock#drift()}); writes it, on
     * the executor, when a write is due.
     *
     * @return whether a write was handed to the executor
     */
    public synchronized boolean offer(Optional<Drift> drift) {
        Objects.requireNonNull(drift, "drift");
        long now = monotonicNanos.getAsLong();
        if (drift.isEmpty() || now - lastWriteNanos < INTERVAL_NANOS) {
            return false;
        }
        Drift toWrite = drift.get();
        try {
            ioExecutor.execute(() -> file.write(toWrite));
        } catch (RejectedExecutionException e) {
            log.warn("could not schedule writing drift file {} ({}); trying again after the next update",
                    file.path(), e.toString());
            return false;
        }
        lastWriteNanos = now;
        return true;
    }

    /**
     * At stop: writes the drift now, on the caller's thread, if measurements have estimated one.
     *
     * @return whether the file was written
     */
    public synchronized boolean close(Optional<Drift> drift) {
        Objects.requireNonNull(drift, "drift");
        if (drift.isEmpty()) {
            return false;
        }
        lastWriteNanos = monotonicNanos.getAsLong();
        return file.write(drift.get());
    }
}
