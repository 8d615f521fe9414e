package io.edgeplane.vrrp.track;

/**
 * keepalived's fall and rise counting of a check's results: an {@link TrackedState#UP UP} check goes
 * {@link TrackedState#DOWN DOWN} after {@code fall} consecutive failures, a down one up after {@code rise}
 * consecutive successes; a result of the other kind starts the count again. The first result decides at once,
 * whatever {@code fall} and {@code rise} say: keepalived starts a script's counter one short of {@code rise}
 * ("one success is enough") and reports the first failure as down, so an instance is not held for
 * {@code rise} intervals at start.
 *
 * <p>Pure and not thread-safe: its owner confines it or locks around it.
 */
public final class FallRise {

    private final int fall;
    private final int rise;
    private TrackedState state = TrackedState.UNKNOWN;
    /** Consecutive results against the current state. */
    private int streak;

    /**
     * @param fall consecutive failures that take an up check down, 1 or more
     * @param rise consecutive successes that bring a down check up, 1 or more
     */
    public FallRise(int fall, int rise) {
        if (fall < 1 || rise < 1) {
            throw new IllegalArgumentException("fall and rise must be 1 or more, got fall " + fall + ", rise " + rise);
        }
        this.fall = fall;
        this.rise = rise;
    }

    /** Counts one result; returns whether the state changed. */
    public boolean observe(boolean success) {
        switch (state) {
            case UNKNOWN -> {
                state = success ? TrackedState.UP : TrackedState.DOWN;
                streak = 0;
                return true;
            }
            case UP -> {
                return count(!success, fall, TrackedState.DOWN);
            }
            case DOWN -> {
                return count(success, rise, TrackedState.UP);
            }
            default -> throw new IllegalStateException("unexpected state " + state);
        }
    }

    private boolean count(boolean against, int needed, TrackedState next) {
        if (!against) {
            streak = 0;
            return false;
        }
        if (++streak < needed) {
            return false;
        }
        state = next;
        streak = 0;
        return true;
    }

    /** The state the results so far give. */
    public TrackedState state() {
        return state;
    }

    @Override
    public String toString() {
        return "FallRise[" + state + ", " + streak + " of " + (state == TrackedState.UP ? fall : rise)
                + " toward a change]";
    }
}
