package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One VRRP instance: the state machine of RFC 5798 §6.4 (and RFC 3768 §6.4 for version 2), with keepalived 2.2's
 * choices where the RFCs leave room. It does no I/O: time comes from {@code nanoClock}, a monotonic clock in
 * nanoseconds, and everything to be done goes to {@link VrrpActions}.
 *
 * <p>The service drives it from one thread: {@link #start}, {@link #receive} for each decoded advertisement,
 * {@link #setTrackingWeight}, {@link #addFault} and {@link #clearFault} as tracked things change, {@link #stop}; and
 * after every call it asks {@link #nextDeadline} and calls {@link #onTimer} when that time comes (calling it early
 * or twice is harmless).
 *
 * <p>Where it follows keepalived rather than the letter of the RFCs is listed in the package documentation.
 */
public final class VrrpInstance {

    private final VrrpInstanceSettings settings;
    private final LongSupplier clock;
    private final VrrpActions actions;
    private final AdvertisementCheck check;
    private final GratuitousArpSchedule gratuitousArps;
    private final long advertIntervalNanos;
    private final Set<String> faults = new LinkedHashSet<>();
    private InetAddress primaryAddress;
    private VrrpSyncGroup group;

    private VrrpState state = VrrpState.INITIALIZE;
    private int basePriority;
    private int trackingWeight;
    private int effectivePriority;
    private long masterAdverIntervalNanos;
    /** A sync group member whose master down timer expired but whose group held it back (keepalived's wantstate). */
    private boolean wantsMaster;
    private boolean timerArmed;
    private long timerAt;
    /** The master down timer was cut to Skew_Time by a priority 0 advert. */
    private boolean releasedByMaster;
    private final PreemptDelay preemptDelay;
    private InetAddress masterAddress;
    private int masterPriority;

    /**
     * @param primaryAddress the interface address adverts are sent from, compared with a master's on a priority tie
     * @param nanoClock      monotonic nanoseconds, as {@link System#nanoTime}
     */
    public VrrpInstance(VrrpInstanceSettings settings, InetAddress primaryAddress, LongSupplier nanoClock,
            VrrpActions actions) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.actions = Objects.requireNonNull(actions, "actions");
        setPrimaryAddress(primaryAddress);
        this.check = new AdvertisementCheck(settings);
        this.gratuitousArps = new GratuitousArpSchedule(settings.gratuitousArp());
        this.advertIntervalNanos = settings.advertInterval().toNanos();
        this.basePriority = settings.priority();
        this.effectivePriority = basePriority;
        this.masterAdverIntervalNanos = advertIntervalNanos;
        this.preemptDelay = new PreemptDelay(settings.preemptDelay());
    }

    /** Leaves INITIALIZE: for FAULT if a fault is present, MASTER if we own the addresses, else BACKUP. */
    public void start() {
        if (state != VrrpState.INITIALIZE) {
            throw new IllegalStateException(settings.name() + " is " + state + ", expected INITIALIZE to start");
        }
        long now = clock.getAsLong();
        preemptDelay.start(now);
        masterAdverIntervalNanos = advertIntervalNanos;
        if (!faults.isEmpty() || (group != null && group.state() == VrrpState.FAULT)) {
            moveTo(VrrpState.FAULT, TransitionReason.STARTED_IN_FAULT, now);
            if (group != null && !faults.isEmpty()) {
                group.memberFaulted(this, now);
            }
            return;
        }
        if (effectivePriority == VrrpAdvertisement.PRIORITY_OWNER && group == null) {
            becomeMaster(TransitionReason.STARTED_AS_OWNER, now);
            return;
        }
        moveTo(VrrpState.BACKUP, TransitionReason.STARTED, now);
        armMasterDownTimer(now);
        if (effectivePriority == VrrpAdvertisement.PRIORITY_OWNER) {
            goToMaster(TransitionReason.STARTED_AS_OWNER, now);
        }
    }

    /** Back to INITIALIZE; a master sends priority 0 first so that a backup takes over within Skew_Time. */
    public void stop() {
        long now = clock.getAsLong();
        switch (state) {
            case INITIALIZE -> {
                return;
            }
            case MASTER -> leaveMaster(VrrpState.INITIALIZE, TransitionReason.STOPPED, true, now);
            case BACKUP, FAULT -> moveTo(VrrpState.INITIALIZE, TransitionReason.STOPPED, now);
        }
        timerArmed = false;
        wantsMaster = false;
    }

    /**
     * An advertisement decoded by the codec, with its IP source (the sender's primary address) and destination.
     *
     * @return {@link AdvertisementVerdict#ACCEPTED}, or why it was refused, for the service's counters
     */
    public AdvertisementVerdict receive(VrrpAdvertisement advertisement, InetAddress source,
            InetAddress destination) {
        Objects.requireNonNull(advertisement, "advertisement");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (state != VrrpState.BACKUP && state != VrrpState.MASTER) {
            return AdvertisementVerdict.NOT_LISTENING;
        }
        boolean checkAddresses = state == VrrpState.MASTER || !settings.skipCheckAdvertAddresses()
                || !source.equals(masterAddress);
        AdvertisementVerdict verdict = check.check(advertisement, source, destination, checkAddresses);
        if (verdict != AdvertisementVerdict.ACCEPTED) {
            return verdict;
        }
        long now = clock.getAsLong();
        if (state == VrrpState.BACKUP) {
            backupReceived(advertisement, source, now);
        } else {
            masterReceived(advertisement, source, now);
        }
        return verdict;
    }

    /**
     * The sum of the tracked things' contributions ({@link TrackingPriority#contribution}) changed; the effective
     * priority becomes the base priority plus it, within 1 to 254 (an owner stays at 255).
     */
    public void setTrackingWeight(int weightSum) {
        trackingWeight = weightSum;
        updateEffectivePriority();
    }

    /**
     * A fault appeared, named by its cause (an interface, a script); the first one takes the instance to FAULT.
     * Raising a cause already present does nothing.
     */
    public void addFault(String cause) {
        Objects.requireNonNull(cause, "cause");
        if (!faults.add(cause) || faults.size() > 1 || state == VrrpState.INITIALIZE) {
            return;
        }
        long now = clock.getAsLong();
        enterFault(TransitionReason.FAULT, now);
        if (group != null) {
            group.memberFaulted(this, now);
        }
    }

    /** A fault cleared; when none is left the instance goes back to BACKUP (with its sync group, if any). */
    public void clearFault(String cause) {
        Objects.requireNonNull(cause, "cause");
        if (!faults.remove(cause) || !faults.isEmpty() || state != VrrpState.FAULT) {
            return;
        }
        long now = clock.getAsLong();
        if (group != null) {
            group.memberRecovered(now);
        } else {
            leaveFault(TransitionReason.FAULT_CLEARED, now);
        }
    }

    /** The interface's primary address changed; it is our source and our tie-breaker from now on. */
    public void setPrimaryAddress(InetAddress primaryAddress) {
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        if (primaryAddress instanceof java.net.Inet6Address != settings.ipv6()) {
            throw new IllegalArgumentException(settings.name() + ": primary address "
                    + primaryAddress.getHostAddress() + " is not of the virtual addresses' family");
        }
        this.primaryAddress = primaryAddress;
    }

    /** When {@link #onTimer} is next due, on the instance's clock; empty if nothing is pending. */
    public OptionalLong nextDeadline() {
        boolean garp = state == VrrpState.MASTER && gratuitousArps.pending();
        if (!timerArmed) {
            return garp ? OptionalLong.of(gratuitousArps.nextDeadline()) : OptionalLong.empty();
        }
        if (garp && gratuitousArps.nextDeadline() - timerAt < 0) {
            return OptionalLong.of(gratuitousArps.nextDeadline());
        }
        return OptionalLong.of(timerAt);
    }

    /** Does what is due now: a master's advert, a backup's takeover, a gratuitous ARP set. */
    public void onTimer() {
        long now = clock.getAsLong();
        if (timerArmed && now - timerAt >= 0) {
            timerArmed = false;
            if (state == VrrpState.MASTER) {
                advertise(effectivePriority, now);
            } else if (state == VrrpState.BACKUP) {
                goToMaster(releasedByMaster ? TransitionReason.MASTER_RELEASED : TransitionReason.MASTER_DOWN, now);
            }
        }
        if (state == VrrpState.MASTER && gratuitousArps.pending() && now - gratuitousArps.nextDeadline() >= 0) {
            sendGratuitousArps(gratuitousArps.due(now));
        }
    }

    public VrrpState state() {
        return state;
    }

    public String name() {
        return settings.name();
    }

    public VrrpInstanceSettings settings() {
        return settings;
    }

    /** The priority we advertise: base plus tracking, or 255 for the owner. */
    public int effectivePriority() {
        return effectivePriority;
    }

    /** Master_Adver_Interval: ours, or in version 3 what the master we follow advertises. */
    public long masterAdverIntervalNanos() {
        return masterAdverIntervalNanos;
    }

    /** Master_Down_Interval as it stands. */
    public long masterDownIntervalNanos() {
        return VrrpTimers.masterDownNanos(settings.version(), effectivePriority, masterAdverIntervalNanos);
    }

    /** The primary address of the last master heard as backup, or null. */
    public InetAddress masterAddress() {
        return masterAddress;
    }

    /** The priority of the last master heard as backup. */
    public int masterPriority() {
        return masterPriority;
    }

    /** The causes of the faults present. */
    public Set<String> faults() {
        return Set.copyOf(faults);
    }

    // --- reception ---

    private void backupReceived(VrrpAdvertisement advertisement, InetAddress source, long now) {
        int priority = advertisement.priority();
        masterAddress = source;
        masterPriority = priority;
        if (priority == VrrpAdvertisement.PRIORITY_STOP) {
            // RFC 5798 §6.4.2: the master is leaving; take over after Skew_Time, the best placed backup first.
            releasedByMaster = true;
            arm(now + VrrpTimers.skewNanos(settings.version(), effectivePriority, masterAdverIntervalNanos));
            return;
        }
        if (!settings.preempt() || priority >= effectivePriority || preemptDelay.defers(now)) {
            if (settings.version() == VrrpAdvertisement.VERSION_3) {
                masterAdverIntervalNanos = advertisement.advertIntervalDuration().toNanos();
            }
            releasedByMaster = false;
            wantsMaster = false;
            armMasterDownTimer(now);
            preemptDelay.heardMaster(priority < effectivePriority, now);
        }
        // Otherwise a lower priority master we may preempt: discard, and let the master down timer run out.
    }

    private void masterReceived(VrrpAdvertisement advertisement, InetAddress source, long now) {
        int priority = advertisement.priority();
        if (priority == VrrpAdvertisement.PRIORITY_STOP) {
            // RFC 5798 §6.4.3: answer at once so the backups do not take over.
            advertise(effectivePriority, now);
            return;
        }
        int addressOrder = Arrays.compareUnsigned(source.getAddress(), primaryAddress.getAddress());
        if (settings.higherPrioritySendAdvert() && wins(priority, addressOrder)) {
            advertise(effectivePriority, now);
        }
        if (priority == effectivePriority) {
            if (addressOrder == 0) {
                actions.advertNotice(AdvertNotice.OWN_ADDRESS, source, priority);
                return;
            }
            if (effectivePriority == VrrpAdvertisement.PRIORITY_OWNER) {
                actions.advertNotice(AdvertNotice.OWNER_CONFLICT, source, priority);
                basePriority = VrrpAdvertisement.PRIORITY_OWNER - 1;
                updateEffectivePriority();
            }
        }
        if (!wins(priority, addressOrder)) {
            if (!settings.lowerPriorityNoAdvert()) {
                advertise(effectivePriority, now);
            }
            sendGratuitousArps(gratuitousArps.lowerPriorityAdvert(now));
            actions.advertNotice(AdvertNotice.LOWER_PRIORITY_MASTER, source, priority);
            return;
        }
        TransitionReason reason = priority > effectivePriority ? TransitionReason.HIGHER_PRIORITY_SEEN
                : TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS;
        if (settings.version() == VrrpAdvertisement.VERSION_3) {
            masterAdverIntervalNanos = advertisement.advertIntervalDuration().toNanos();
        }
        masterAddress = source;
        masterPriority = priority;
        yieldMastership(reason, now);
        if (group != null) {
            group.memberYielded(this, reason, now);
        }
    }

    /** Whether an advert with this priority, from a source ordered so against us, beats our own. */
    private boolean wins(int priority, int addressOrder) {
        return priority > effectivePriority || priority == effectivePriority && addressOrder > 0;
    }

    // --- transitions ---

    private void goToMaster(TransitionReason reason, long now) {
        if (group != null && !group.canGoToMaster(this)) {
            // keepalived prefers BACKUP to thrashing: wait until every member wants MASTER.
            wantsMaster = true;
            armMasterDownTimer(now);
            return;
        }
        becomeMaster(reason, now);
        if (group != null) {
            group.memberBecameMaster(this, reason, now);
        }
    }

    private void becomeMaster(TransitionReason reason, long now) {
        wantsMaster = true;
        releasedByMaster = false;
        actions.addVirtualAddresses();
        sendGratuitousArps(gratuitousArps.becameMaster(now));
        moveTo(VrrpState.MASTER, reason, now);
        advertise(effectivePriority, now);
    }

    private void yieldMastership(TransitionReason reason, long now) {
        leaveMaster(VrrpState.BACKUP, reason, false, now);
        wantsMaster = false;
        preemptDelay.stop();
        armMasterDownTimer(now);
    }

    private void leaveMaster(VrrpState to, TransitionReason reason, boolean sendPriorityZero, long now) {
        gratuitousArps.cancel();
        actions.cancelGratuitousArps();
        if (sendPriorityZero) {
            actions.sendAdvertisement(settings.advertisement(VrrpAdvertisement.PRIORITY_STOP));
        }
        actions.removeVirtualAddresses();
        timerArmed = false;
        moveTo(to, reason, now);
    }

    private void enterFault(TransitionReason reason, long now) {
        if (state == VrrpState.MASTER) {
            leaveMaster(VrrpState.FAULT, reason, true, now);
        } else if (state == VrrpState.BACKUP) {
            moveTo(VrrpState.FAULT, reason, now);
        }
        timerArmed = false;
        wantsMaster = false;
        releasedByMaster = false;
    }

    private void leaveFault(TransitionReason reason, long now) {
        masterAdverIntervalNanos = advertIntervalNanos;
        preemptDelay.stop();
        moveTo(VrrpState.BACKUP, reason, now);
        armMasterDownTimer(now);
    }

    private void moveTo(VrrpState to, TransitionReason reason, long now) {
        VrrpState from = state;
        state = to;
        actions.stateChanged(new StateChange(settings.name(), from, to, reason, now));
    }

    // --- sync group hooks: the group moves its other members without calling back ---

    void joinGroup(VrrpSyncGroup group) {
        if (this.group != null) {
            throw new IllegalStateException(settings.name() + " is already in sync group " + this.group.name());
        }
        if (state != VrrpState.INITIALIZE) {
            throw new IllegalStateException(settings.name() + " is " + state + ", join a sync group before start");
        }
        this.group = group;
    }

    boolean wantsMaster() {
        return wantsMaster && state != VrrpState.FAULT;
    }

    boolean hasOwnFault() {
        return !faults.isEmpty();
    }

    void followToMaster(long now) {
        if (state == VrrpState.BACKUP) {
            becomeMaster(TransitionReason.SYNC_GROUP, now);
        }
    }

    void followToBackup(long now) {
        if (state == VrrpState.MASTER) {
            masterAdverIntervalNanos = advertIntervalNanos;
            yieldMastership(TransitionReason.SYNC_GROUP, now);
        }
    }

    void followToFault(long now) {
        enterFault(TransitionReason.SYNC_GROUP, now);
    }

    void followOutOfFault(TransitionReason reason, long now) {
        if (state == VrrpState.FAULT) {
            leaveFault(reason, now);
        }
    }

    // --- helpers ---

    private void updateEffectivePriority() {
        int updated = TrackingPriority.effective(basePriority, trackingWeight);
        if (updated == effectivePriority) {
            return;
        }
        long before = masterDownIntervalNanos();
        boolean rising = updated > effectivePriority;
        effectivePriority = updated;
        if (state == VrrpState.BACKUP && rising && timerArmed && !releasedByMaster) {
            // keepalived: a backup whose priority rose times out as if the new Skew_Time had been there all along.
            timerAt -= before - masterDownIntervalNanos();
        }
    }

    private void armMasterDownTimer(long now) {
        arm(now + masterDownIntervalNanos());
    }

    private void advertise(int priority, long now) {
        actions.sendAdvertisement(settings.advertisement(priority));
        arm(now + advertIntervalNanos);
    }

    private void sendGratuitousArps(int rounds) {
        if (rounds > 0) {
            actions.sendGratuitousArps(rounds);
        }
    }

    private void arm(long at) {
        timerArmed = true;
        timerAt = at;
    }
}
