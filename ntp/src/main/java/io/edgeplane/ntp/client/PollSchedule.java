package io.edgeplane.ntp.client;

/**
 * When one source is asked next, as chrony and RFC 5905 §13 pace it: the 8-bit reach register (a 1 shifted
 * in for each poll answered, a 0 for each that was not), a poll exponent kept within {@code minpoll..maxpoll},
 * {@code iburst} (the first polls 2 s apart, so a fresh start synchronises in seconds, not minutes), and a RATE
 * kiss-o'-death doubling the interval. Not thread-safe: one source, one event loop.
 */
final class PollSchedule {

    /** chrony's iburst: four polls 2 s apart before the regular interval. */
    static final int BURST_POLLS = 4;
    static final long BURST_INTERVAL_NANOS = 2_000_000_000L;
    /** Answered polls in a row (of the 8 the register holds) before the interval grows. */
    private static final int GROW_AFTER = 8;

    private final int minPoll;
    private final int maxPoll;
    private int poll;
    private int burstLeft;
    private int reach;
    private int answeredInARow;

    PollSchedule(int minPoll, int maxPoll, boolean iburst) {
        if (minPoll > maxPoll) {
            throw new IllegalArgumentException("minpoll " + minPoll + " is above maxpoll " + maxPoll);
        }
        this.minPoll = minPoll;
        this.maxPoll = maxPoll;
        this.poll = minPoll;
        this.burstLeft = iburst ? BURST_POLLS : 0;
    }

    /** The log2 of the seconds to the next poll, as sent in requests. */
    int poll() {
        return poll;
    }

    /** The reach register: bit 0 the latest poll, 1 if it was answered. */
    int reach() {
        return reach;
    }

    /** Whether any of the last 8 polls was answered. */
    boolean reachable() {
        return reach != 0;
    }

    /** How long until the next poll after one was sent now. */
    long nextIntervalNanos() {
        if (burstLeft > 0) {
            burstLeft--;
            return BURST_INTERVAL_NANOS;
        }
        return poll >= 0 ? (1_000_000_000L << poll) : 1_000_000_000L >> -poll;
    }

    /**
     * A poll's outcome, recorded when the next is due: answered with a usable sample, or not. A source that
     * answers steadily is asked less often, up to {@code maxpoll}; one that stops answering is asked at
     * {@code minpoll} again, so it is found again quickly.
     */
    void polled(boolean answered) {
        reach = (reach << 1 | (answered ? 1 : 0)) & 0xFF;
        if (!answered) {
            answeredInARow = 0;
            poll = minPoll;
            return;
        }
        if (++answeredInARow >= GROW_AFTER && poll < maxPoll) {
            poll++;
            answeredInARow = 0;
        }
    }

    /** A RATE kiss-o'-death: the server asks us to poll less often. */
    void slowDown() {
        burstLeft = 0;
        poll = Math.min(maxPoll, Math.max(poll + 1, minPoll));
    }
}
