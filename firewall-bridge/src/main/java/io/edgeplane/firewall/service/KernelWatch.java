package io.edgeplane.firewall.service;

import io.edgeplane.firewall.apply.Inspection;
import io.edgeplane.firewall.nft.NftException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the kernel's table back every {@code check_interval}, on a virtual thread of its own: a table deleted or edited
 * behind edgeplane's back (an {@code nft flush ruleset}, a script of old) is a hole an operator must hear of, and the
 * deny chains' counters become metrics without nft ever running on a scrape.
 */
final class KernelWatch {

    private static final Logger LOG = LoggerFactory.getLogger(KernelWatch.class);
    private static final String DENY_SUFFIX = "_deny";

    /**
     * The last reading.
     *
     * @param at     when it was taken; empty before the first
     * @param drift  how the kernel's table differed from the ruleset in force
     * @param denied packets each base chain denied, by chain
     */
    record Check(Optional<Instant> at, List<String> drift, Map<String, Long> denied) {
        static final Check NONE = new Check(Optional.empty(), List.of(), Map.of());

        Check {
            Objects.requireNonNull(at, "at");
            drift = List.copyOf(drift);
            denied = Map.copyOf(denied);
        }
    }

    private final FirewallMeters meters;
    private final Clock clock;
    private volatile InForce target;
    private volatile Check last = Check.NONE;
    private Thread thread;
    /** While a start or reload changes the kernel's table, the table matches neither the old ruleset nor the new. */
    private boolean suspended;
    /** Counts suspensions and new targets: a reading taken across one of them is thrown away. */
    private long generation;

    KernelWatch(FirewallMeters meters, Clock clock) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Watches {@code inForce} from now on; the next reading comes one interval later. It was just applied or found in
     * force, and read back either way, so the kernel holds it now; the counts of an older ruleset do not carry over,
     * nor do those of a table that was replaced (the kernel's counters of the new table start from 0).
     *
     * @param replaced whether nft loaded the table anew, rather than finding it in force
     */
    synchronized void watch(InForce inForce, boolean replaced) {
        boolean same = !replaced && target != null && target.digest().equals(inForce.digest());
        last = new Check(Optional.of(clock.instant()), List.of(), same ? last.denied() : Map.of());
        target = Objects.requireNonNull(inForce, "inForce");
        if (!same) {
            meters.deniedFromZero();
        }
        suspended = false;
        generation++;
        meters.inSync(true);
        if (thread == null) {
            thread = Thread.ofVirtual().name("firewall-watch").start(this::run);
        }
    }

    /**
     * No readings from now until {@link #watch} (the new ruleset is in force) or {@link #resume} (the old one stays):
     * a reload is about to change the kernel's table, which the ruleset watched now would take for drift, and a
     * reading already under way is thrown away.
     */
    synchronized void suspend() {
        suspended = true;
        generation++;
    }

    /** Readings of the ruleset watched before {@link #suspend} go on: the reload left it in force. */
    synchronized void resume() {
        suspended = false;
    }

    synchronized void stop() {
        // A reading under way is dropped (see checkOnce): none registers a meter after the meters are closed.
        target = null;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    List<String> drift() {
        return last.drift();
    }

    Check lastCheck() {
        return last;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            InForce watched = target;
            if (watched == null) {
                return; // stopped
            }
            try {
                Thread.sleep(watched.config().checkInterval());
                checkOnce();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One reading of the kernel's table; public to the package so that tests need not wait for the interval. */
    void checkOnce() {
        InForce watched;
        long readingOf;
        synchronized (this) {
            watched = target;
            readingOf = generation;
            if (watched == null || suspended) {
                return;
            }
        }
        Inspection inspection;
        try {
            inspection = watched.applier().inspect(watched.ruleset());
        } catch (NftException e) {
            if (!Thread.currentThread().isInterrupted()) { // interrupted: stopping, and nothing is wrong
                LOG.warn("firewall: could not read the kernel's table back: {}", e.getMessage());
            }
            return;
        }
        Map<String, Long> denied = new TreeMap<>();
        inspection.counted().forEach((chain, packets) -> {
            if (chain.endsWith(DENY_SUFFIX)) {
                denied.put(chain.substring(0, chain.length() - DENY_SUFFIX.length()), packets);
            }
        });
        synchronized (this) {
            // A reload began, ended or put another ruleset in force while the table was read: the reading compared the
            // kernel's table with a ruleset no longer meant, and would report drift that is not there. The next counts.
            if (target != watched || suspended || generation != readingOf) {
                return;
            }
            boolean wasInSync = last.drift().isEmpty();
            last = new Check(Optional.of(clock.instant()), inspection.drift(), denied);
            denied.forEach(meters::denied);
            meters.inSync(inspection.drift().isEmpty());
            if (wasInSync && !inspection.drift().isEmpty()) {
                LOG.warn("firewall: the kernel's table no longer holds ruleset {}: {}; a reload (SIGHUP) puts it back",
                        watched.digest(), String.join("; ", inspection.drift()));
            } else if (!wasInSync && inspection.drift().isEmpty()) {
                LOG.info("firewall: the kernel's table holds ruleset {} again", watched.digest());
            }
        }
    }
}
