package io.edgeplane.vrrp.state;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock that moves only when a test moves it. */
final class FakeClock implements LongSupplier {

    private long now;

    FakeClock(long start) {
        this.now = start;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    void advance(Duration by) {
        now += by.toNanos();
    }

    void set(long nanos) {
        now = nanos;
    }
}
