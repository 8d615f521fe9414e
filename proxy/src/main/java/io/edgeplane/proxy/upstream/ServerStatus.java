package io.edgeplane.proxy.upstream;

import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.stats.CheckResult;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.StateChange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server's state and how it got there. Three voices decide it: the operator ({@link AdminState}), the
 * active health checks (fall/rise), and passive outlier detection (ejections); the state is the strongest
 * of what they say, MAINT over DRAIN over DOWN over EJECTED over UP. Every change is written to the server's
 * availability (the one flag balancers read), logged and counted by the {@link Listener}, and kept in a
 * short history. A server that comes back UP starts its pool's slow start.
 *
 * <p>Writers are health checks, outlier detection (event loops) and the admin API (another thread); they
 * are rare, so one lock keeps the three voices consistent.
 */
public final class ServerStatus {

    /** How many state changes a server remembers. */
    static final int HISTORY = 20;

    /** Hears of every change of state, under the status's lock; must not block. */
    public interface Listener {
        void changed(ServerStatus status, StateChange change);
    }

    private final UpstreamServer server;
    private final Clock clock;
    private final long slowStartNanos;
    private final Listener listener;
    /** The fall/rise count of active checks; null for a pool without them. */
    private final ServerHealth health;
    private final ArrayDeque<StateChange> history = new ArrayDeque<>();
    private AdminState admin = AdminState.READY;
    private boolean checkedUp = true;
    private boolean ejected;
    private long ejections;
    private long checksPassed;
    private long checksFailed;
    private ServerState state = ServerState.UP;
    private Instant lastChange;
    private volatile CheckResult lastCheck;

    /**
     * @param fall the failed checks in a row that take the server DOWN, 0 for a pool without active checks
     * @param rise the good checks in a row that bring it back UP
     */
    public ServerStatus(UpstreamServer server, Clock clock, long slowStartNanos, int fall, int rise, Listener listener) {
        this.server = Objects.requireNonNull(server, "server");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slowStartNanos = slowStartNanos;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.health = fall > 0 ? new ServerHealth(fall, rise) : null;
        this.lastChange = clock.instant();
    }

    public UpstreamServer server() {
        return server;
    }

    public synchronized ServerState state() {
        return state;
    }

    public synchronized AdminState admin() {
        return admin;
    }

    public synchronized Instant lastChange() {
        return lastChange;
    }

    public synchronized List<StateChange> history() {
        return List.copyOf(history);
    }

    /** Times outlier detection took the server out. */
    public synchronized long ejections() {
        return ejections;
    }

    /** Active checks that passed ({@code passed}) or failed, since the pool was built. */
    public synchronized long checks(boolean passed) {
        return passed ? checksPassed : checksFailed;
    }

    public synchronized boolean ejected() {
        return ejected;
    }

    public Optional<CheckResult> lastCheck() {
        return Optional.ofNullable(lastCheck);
    }

    /** Whether active checks should run now: not in MAINT, where the operator took the server out. */
    synchronized boolean checked() {
        return admin != AdminState.MAINT;
    }

    /** An active check's result; {@code fall} or {@code rise} of them in a row change the state. */
    synchronized void checkResult(boolean passed, String detail, long durationMillis) {
        lastCheck = new CheckResult(passed, detail, clock.instant(), durationMillis);
        if (passed) {
            checksPassed++;
        } else {
            checksFailed++;
        }
        if (health == null) {
            return;
        }
        switch (health.record(passed)) {
            case WENT_DOWN -> {
                checkedUp = false;
                update(health.fall() + " check" + (health.fall() == 1 ? "" : "s") + " failed: " + detail);
            }
            case CAME_UP -> {
                checkedUp = true;
                update(health.rise() + " check" + (health.rise() == 1 ? "" : "s") + " passed: " + detail);
            }
            case NONE -> {
            }
        }
    }

    /** The operator's say; {@code who} is written into the history ({@code "admin api (alice)"}). */
    public synchronized void setAdmin(AdminState next, String who) {
        if (admin == next) {
            return;
        }
        admin = next;
        update("set to " + next.label() + " by " + who);
    }

    /** Outlier detection takes the server out for {@code reason}; false if it was already out. */
    synchronized boolean eject(String reason) {
        if (ejected) {
            return false;
        }
        ejected = true;
        ejections++;
        update(reason);
        return true;
    }

    /** An ejection's time is over. */
    synchronized void readmit(String reason) {
        if (!ejected) {
            return;
        }
        ejected = false;
        update(reason);
    }

    /**
     * Takes over what {@code previous}, the same server in the pool this one replaces, knew: the operator's
     * state, the checks' verdict, the history. An ejection ends here (the new pool's outlier detection starts
     * afresh). The weight an operator set is kept unless the config's weight changed.
     */
    synchronized void inherit(ServerStatus previous) {
        synchronized (previous) {
            admin = previous.admin;
            checkedUp = previous.checkedUp;
            if (health != null && previous.health != null) {
                health.inherit(previous.health);
            } else if (health == null) {
                checkedUp = true;
            }
            ejections = previous.ejections;
            history.clear();
            history.addAll(previous.history);
            lastChange = previous.lastChange;
            lastCheck = previous.lastCheck;
            state = previous.state;
            UpstreamServer old = previous.server;
            if (old.weight() != old.configuredWeight() && old.configuredWeight() == server.configuredWeight()) {
                server.setWeight(old.weight());
            }
        }
        server.setAvailable(state.takesRequests());
        update("the pool was rebuilt by a reload");
    }

    private ServerState derive() {
        if (admin == AdminState.MAINT) {
            return ServerState.MAINT;
        }
        if (admin == AdminState.DRAIN) {
            return ServerState.DRAIN;
        }
        if (!checkedUp) {
            return ServerState.DOWN;
        }
        return ejected ? ServerState.EJECTED : ServerState.UP;
    }

    private void update(String reason) {
        ServerState next = derive();
        if (next == state) {
            return;
        }
        StateChange change = new StateChange(clock.instant(), state, next, reason);
        state = next;
        lastChange = change.at();
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(change);
        if (next == ServerState.UP) {
            server.startRamp(System.nanoTime(), slowStartNanos);
        }
        server.setAvailable(next.takesRequests());
        listener.changed(this, change);
    }
}
