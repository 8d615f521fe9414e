package io.edgeplane.proxy.balance;

import io.edgeplane.config.value.HostPort;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server of an upstream pool with the live state balancers read: requests in flight, and passive
 * failure accounting (consecutive failed attempts) that health checking builds on. Shared by every event
 * loop; its counters are atomic.
 */
public final class UpstreamServer {

    private final int index;
    private final HostPort address;
    /** {@code address} as text, made once: logs, metrics and $upstream_addr use it on every request. */
    private final String addressText;
    private final int weight;
    private final boolean backup;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean available = true;

    /**
     * @param index   the server's position in its pool, 0-based; balancers exclude servers by it
     * @param address where it listens
     * @param weight  its relative share, at least 1
     * @param backup  whether it takes traffic only when no primary can
     */
    public UpstreamServer(int index, HostPort address, int weight, boolean backup) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        this.index = index;
        this.address = Objects.requireNonNull(address, "address");
        this.addressText = address.toString();
        this.weight = weight;
        this.backup = backup;
    }

    public int index() {
        return index;
    }

    public HostPort address() {
        return address;
    }

    /** {@code host:port}, as configured. */
    public String addressText() {
        return addressText;
    }

    public int weight() {
        return weight;
    }

    public boolean backup() {
        return backup;
    }

    /** Requests being served by this server now. */
    public int active() {
        return active.get();
    }

    /** Call when a request is sent to this server; pair with {@link #release()}. */
    public void acquire() {
        active.incrementAndGet();
    }

    public void release() {
        active.decrementAndGet();
    }

    /** Whether the server may be picked (health checks and operators change this). */
    public boolean available() {
        return available;
    }

    public void setAvailable(boolean available) {
        this.available = available;
    }

    public void recordSuccess() {
        successes.increment();
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** Records a failed attempt (connect error, reset, timeout) and returns the new run length. */
    public int recordFailure() {
        failures.increment();
        return consecutiveFailures.incrementAndGet();
    }

    /** Requests this server answered, ever. */
    public long successes() {
        return successes.sum();
    }

    /** Failed attempts on this server, ever (connect errors, lost connections, timeouts). */
    public long failures() {
        return failures.sum();
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    @Override
    public String toString() {
        return address + (backup ? " (backup)" : "") + " weight " + weight;
    }
}
