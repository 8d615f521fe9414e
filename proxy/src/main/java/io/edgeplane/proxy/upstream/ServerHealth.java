package io.edgeplane.proxy.upstream;

/**
 * The fall/rise count of one server's active checks, as HAProxy keeps it: {@code fall} failures in a row take
 * an UP server DOWN, {@code rise} successes in a row bring a DOWN one back. A result that agrees with the
 * state resets the count the other way. Used under its {@link ServerStatus}'s lock.
 */
final class ServerHealth {

    /** What a check's result did to the server. */
    enum Change { NONE, WENT_DOWN, CAME_UP }

    private final int fall;
    private final int rise;
    private boolean up = true;
    private int run;

    ServerHealth(int fall, int rise) {
        this.fall = fall;
        this.rise = rise;
    }

    boolean up() {
        return up;
    }

    int fall() {
        return fall;
    }

    int rise() {
        return rise;
    }

    /** Takes over the verdict of the same server's checks in the pool this one replaces; a run under way starts over. */
    void inherit(ServerHealth previous) {
        up = previous.up;
        run = 0;
    }

    Change record(boolean passed) {
        if (passed == up) {
            run = 0;
            return Change.NONE;
        }
        run++;
        if (run < (up ? fall : rise)) {
            return Change.NONE;
        }
        run = 0;
        up = !up;
        return up ? Change.CAME_UP : Change.WENT_DOWN;
    }
}
