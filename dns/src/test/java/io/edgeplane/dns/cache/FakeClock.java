package io.edgeplane.dns.cache;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock that moves only when told to; it starts far from 0, as {@link System#nanoTime} may. */
final class FakeClock implements LongSupplier {

    private long nanos = 7_000_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    FakeClock advance(Duration by) {
        nanos += by.toNanos();
        return this;
    }

    FakeClock advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }
}
