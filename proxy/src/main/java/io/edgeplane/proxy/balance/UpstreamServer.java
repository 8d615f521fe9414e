package io.edgeplane.proxy.balance;

import io.edgeplane.config.value.HostPort;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server of an upstream pool with the live state balancers read: whether it may be picked, its weight
 * now, requests in flight, a slow start's ramp, and what it served (answers by status class, body bytes,
 * failed attempts in a row). Shared by every event loop; its counters are atomic. Who decides availability
 * and weight (health checks, outlier detection, operators) lives elsewhere and writes the result here.
 */
public final class UpstreamServer {

    private final int index;
    private final HostPort address;
    /** {@code address} as text, made once: logs, metrics and $upstream_addr use it on every request. */
    private final String addressText;
    private final int configuredWeight;
    private final boolean backup;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger consecutive5xx = new AtomicInteger();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    /** Answers by status class: index 1..5 for 1xx..5xx, 0 for anything else. */
    private final LongAdder[] answers = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder(), new LongAdder()};
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private volatile boolean available = true;
    private volatile int weight;
    /** When a slow start began ({@link System#nanoTime()}), and how long it lasts; 0 = not ramping. */
    private volatile long rampStart;
    private volatile long rampNanos;

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
        this.configuredWeight = weight;
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

    /** The weight balancers use now: the configured one unless an operator set another. Always at least 1. */
    public int weight() {
        return weight;
    }

    public int configuredWeight() {
        return configuredWeight;
    }

    /**
     * Sets the weight balancers use; the pool rebuilds the balancers that precompute a table from weights.
     *
     * @throws IllegalArgumentException unless {@code weight} is 1..1000 (a weight of 0 is a state: drain)
     */
    public void setWeight(int weight) {
        if (weight < 1 || weight > 1000) {
            throw new IllegalArgumentException("weight must be 1..1000, got " + weight);
        }
        this.weight = weight;
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
        int now = active.incrementAndGet();
        if (now > maxActive.get()) {
            maxActive.accumulateAndGet(now, Math::max);
        }
    }

    /** The most requests served at once. */
    public int maxActive() {
        return maxActive.get();
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

    /**
     * Starts a slow start: for {@code duration} from {@code nowNanos} the server gets a share of its picks
     * that grows from a tenth to all of them (see {@link #rampShare(long)}); zero ends any ramp.
     */
    public void startRamp(long nowNanos, long duration) {
        rampNanos = duration;
        rampStart = duration > 0 ? nowNanos : 0;
    }

    /** Whether a slow start is under way; one volatile read, so the pick path can ask on every request. */
    public boolean ramping() {
        return rampStart != 0;
    }

    /**
     * The share of its picks a ramping server takes at {@code nowNanos}, in (0, 1]; 1 once the ramp is over,
     * which also ends it. HAProxy's slowstart starts near zero; a tenth keeps a lone server in the pool useful.
     */
    public double rampShare(long nowNanos) {
        long start = rampStart;
        long length = rampNanos;
        if (start == 0 || length <= 0) {
            return 1;
        }
        long elapsed = nowNanos - start;
        if (elapsed >= length) {
            rampStart = 0;
            return 1;
        }
        return 0.1 + 0.9 * Math.max(0, elapsed) / length;
    }

    /** A request the server answered (any status), with its body bytes each way. */
    public void recordAnswer(int status, long bytesToServer, long bytesFromServer) {
        successes.increment();
        int statusClass = status / 100;
        answers[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
        bytesSent.add(bytesToServer);
        bytesReceived.add(bytesFromServer);
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** Records whether an answer was a 5xx and returns the run of 5xx in a row, 0 after any other answer. */
    public int record5xx(boolean serverError) {
        if (serverError) {
            return consecutive5xx.incrementAndGet();
        }
        if (consecutive5xx.get() != 0) {
            consecutive5xx.set(0);
        }
        return 0;
    }

    /** Answers of status class {@code statusClass} (1..5), or of no class (0). */
    public long answers(int statusClass) {
        return answers[statusClass].sum();
    }

    /** Request body bytes sent to the server. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Response body bytes received from the server. */
    public long bytesReceived() {
        return bytesReceived.sum();
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

    /** Forgets the runs of failures and 5xx: a server readmitted after an ejection starts with a clean slate. */
    public void resetFailureRuns() {
        consecutiveFailures.set(0);
        consecutive5xx.set(0);
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    @Override
    public String toString() {
        return address + (backup ? " (backup)" : "") + " weight " + weight;
    }
}
