package io.edgeplane.proxy.limit;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The time rate limits count in: milliseconds since the proxy started, from a monotonic source (a wall
 * clock stepped back by NTP would reopen windows). One per proxy, so every limit's windows start together.
 * A request is counted at the time it arrived ({@link #millisAt}), read once for the whole request, so the
 * check itself reads no clock; tests pass a source they move by hand.
 */
public final class LimitClock {

    private final LongSupplier nanos;
    private final long epochNanos;

    /** @param nanos a monotonic nanosecond source, such as {@code System::nanoTime} */
    public LimitClock(LongSupplier nanos) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.epochNanos = nanos.getAsLong();
    }

    public long nowMillis() {
        return millisAt(nanos.getAsLong());
    }

    /** {@code nanos}, a reading of the same source, in the limits' milliseconds. */
    public long millisAt(long nanos) {
        return (nanos - epochNanos) / 1_000_000;
    }
}
