package io.edgeplane.vrrp.state;

import java.util.Objects;

/**
 * The gratuitous ARP sets a master owes, as keepalived sends them: a set on becoming master and a second one
 * {@code garp_master_delay} later, a set every {@code garp_master_refresh}, and after a lower priority advert a set
 * and a second one {@code garp_lower_prio_delay} later. Each method returns the rounds due now; the owner asks
 * {@link #due} when {@link #nextDeadline} comes. Not thread-safe: one instance, one thread.
 */
public final class GratuitousArpSchedule {

    private final long masterDelay;
    private final int masterRepeat;
    private final long refresh;
    private final int refreshRepeat;
    private final long lowerDelay;
    private final int lowerRepeat;

    private boolean secondSetPending;
    private long secondSetAt;
    private boolean refreshPending;
    private long refreshAt;
    private boolean lowerSetPending;
    private long lowerSetAt;

    public GratuitousArpSchedule(GratuitousArpSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.masterDelay = settings.masterDelay().toNanos();
        this.masterRepeat = settings.masterRepeat();
        this.refresh = settings.masterRefresh().toNanos();
        this.refreshRepeat = settings.masterRefreshRepeat();
        this.lowerDelay = settings.lowerPriorityDelay().toNanos();
        this.lowerRepeat = settings.lowerPriorityRepeat();
    }

    /** We became master at {@code now}: the rounds to send at once. */
    public int becameMaster(long now) {
        cancel();
        secondSetPending = masterDelay > 0 && masterRepeat > 0;
        secondSetAt = now + masterDelay;
        refreshPending = refresh > 0 && refreshRepeat > 0;
        refreshAt = now + refresh;
        return masterRepeat;
    }

    /**
     * As master we heard a lower priority advert at {@code now}: the rounds to send at once, so that hosts that
     * followed the other master come back (keepalived's {@code garp_lower_prio_*}).
     */
    public int lowerPriorityAdvert(long now) {
        lowerSetPending = lowerDelay > 0 && lowerRepeat > 0;
        lowerSetAt = now + lowerDelay;
        return lowerRepeat;
    }

    /** We are no longer master: nothing more is owed. */
    public void cancel() {
        secondSetPending = false;
        refreshPending = false;
        lowerSetPending = false;
    }

    /** Whether a set is pending. */
    public boolean pending() {
        return secondSetPending || refreshPending || lowerSetPending;
    }

    /** When the next set is due; meaningful only while {@link #pending()}. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        boolean any = false;
        if (secondSetPending) {
            next = secondSetAt;
            any = true;
        }
        if (refreshPending && (!any || refreshAt - next < 0)) {
            next = refreshAt;
            any = true;
        }
        if (lowerSetPending && (!any || lowerSetAt - next < 0)) {
            next = lowerSetAt;
        }
        return next;
    }

    /** The rounds due at {@code now}, taking them off the schedule; a refresh is scheduled again. */
    public int due(long now) {
        int rounds = 0;
        if (secondSetPending && now - secondSetAt >= 0) {
            secondSetPending = false;
            rounds += masterRepeat;
        }
        if (lowerSetPending && now - lowerSetAt >= 0) {
            lowerSetPending = false;
            rounds += lowerRepeat;
        }
        if (refreshPending && now - refreshAt >= 0) {
            rounds += refreshRepeat;
            refreshAt = now + refresh;
        }
        return rounds;
    }
}
