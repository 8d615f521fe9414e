package io.edgeplane.vrrp.state;

import java.time.Duration;

/**
 * keepalived's {@code preempt_delay}: a backup defers to a lower priority master until the delay has passed since
 * startup (keepalived starts it when it reads the configuration), or since it first heard a lower priority master
 * after hearing an equal or higher one, or after leaving MASTER or FAULT for BACKUP.
 */
final class PreemptDelay {

    private final long delay;
    private boolean running;
    private long endsAt;

    PreemptDelay(Duration delay) {
        this.delay = delay.toNanos();
    }

    void start(long now) {
        running = delay > 0;
        endsAt = now + delay;
    }

    void stop() {
        running = false;
    }

    /** Whether a lower priority master is still to be deferred to at {@code now}. */
    boolean defers(long now) {
        return delay > 0 && (!running || now - endsAt < 0);
    }

    /** A master's advert was taken: a lower one starts the delay if it is not running, another stops it. */
    void heardMaster(boolean lower, long now) {
        if (delay == 0) {
            return;
        }
        if (!lower) {
            running = false;
        } else if (!running) {
            start(now);
        }
    }
}
