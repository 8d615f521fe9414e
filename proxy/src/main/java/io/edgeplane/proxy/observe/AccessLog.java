package io.edgeplane.proxy.observe;

import io.edgeplane.config.proxy.AccessLogConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: event loops hand entries to a bounded lock-free queue; one writer thread formats and
 * writes them. When the writer cannot keep up, entries are dropped and counted rather than letting a slow
 * disk slow the proxy. {@link #reopen} reopens the file for logrotate ({@code kill -USR1}).
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE = 65_536;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final AccessLogConfig config;
    private final AccessLogFormat format;
    private final MpscArrayQueue<AccessLogEntry> queue = new MpscArrayQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean reopen;
    private volatile boolean running = true;
    private OutputStream out;

    public AccessLog(AccessLogConfig config) throws IOException {
        this.config = config;
        this.format = AccessLogFormat.of(config.format());
        this.out = open();
        this.writer = Thread.ofPlatform().daemon().name("edgeplane-access-log").start(this::run);
    }

    public AccessLogConfig config() {
        return config;
    }

    /** Queues an entry; never blocks. */
    public void record(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Reopens the file at its configured path (after logrotate moved it away). */
    public void reopen() {
        reopen = true;
        LockSupport.unpark(writer);
    }

    private OutputStream open() throws IOException {
        if (config.path().isEmpty()) {
            return System.out;
        }
        Path path = Path.of(config.path().get());
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new FileOutputStream(path.toFile(), true);
    }

    private void run() {
        StringBuilder lines = new StringBuilder(16 * 1024);
        while (running || !queue.isEmpty()) {
            if (reopen) {
                reopen = false;
                reopenNow();
            }
            int drained = queue.drain(entry -> format.append(entry, lines), 1024);
            if (drained == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            write(lines);
            lines.setLength(0);
        }
        closeStream();
    }

    private void write(StringBuilder lines) {
        try {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.warn("access log: cannot write to {}: {}", config.path().orElse("stdout"), e.toString());
        }
    }

    private void reopenNow() {
        try {
            OutputStream fresh = open();
            closeStream();
            out = fresh;
            log.info("access log: reopened {}", config.path().orElse("stdout"));
        } catch (IOException e) {
            log.warn("access log: cannot reopen {}: {}", config.path().orElse("stdout"), e.toString());
        }
    }

    private void closeStream() {
        if (out != System.out) {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("access log: close failed: {}", e.toString());
            }
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
