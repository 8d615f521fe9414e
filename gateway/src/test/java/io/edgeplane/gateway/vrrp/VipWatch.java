package io.edgeplane.gateway.vrrp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Which nodes hold the virtual IP, sampled every 2 ms over rtnetlink ({@link Topology#holders}) on a thread of its
 * own, for as long as a scenario runs: the split-brain check.
 *
 * <p>Split brain is judged on the nodes' own interfaces, not from the client: the client's neighbour cache has one
 * entry per address, so it sees at most one of two holders, and which one depends on who answered ARP or sent
 * gratuitous ARP last. Two holders for an instant are normal during a preemption (the new MASTER adds the address
 * before the old one, on hearing its advert, removes it), so what a test bounds is the longest stretch with more
 * than one holder, and what it requires after settling is exactly one.
 */
final class VipWatch implements AutoCloseable {

    private static final long SAMPLE_NANOS = Duration.ofMillis(2).toNanos();

    /** A change of holders, {@code at} after the watch started. */
    record Change(Duration at, List<Topology.Member> holders) {
        @Override
        public String toString() {
            return "+" + at.toMillis() + "ms " + holders;
        }
    }

    /** What the watch saw. */
    record Report(List<Change> changes, Duration longestOverlap, Duration longestVacancy, long samples,
            List<String> errors) {

        /** Whether {@code member} held the VIP at every sample. */
        boolean alwaysHeldBy(Topology.Member member) {
            return changes.stream().allMatch(change -> change.holders().contains(member));
        }

        /** Whether {@code member} held the VIP at some sample. */
        boolean everHeldBy(Topology.Member member) {
            return changes.stream().anyMatch(change -> change.holders().contains(member));
        }

        @Override
        public String toString() {
            return "holders " + changes + ", longest overlap " + longestOverlap.toMillis() + " ms, longest vacancy "
                    + longestVacancy.toMillis() + " ms, " + samples + " samples"
                    + (errors.isEmpty() ? "" : ", errors " + errors);
        }
    }

    private final Topology topology;
    private final String vip;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;

    private final List<Change> changes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private long samples;
    private long longestOverlapNanos;
    private long longestVacancyNanos;

    private VipWatch(Topology topology, String vip) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.vip = Objects.requireNonNull(vip, "vip");
        this.thread = Thread.ofPlatform().name("vip-watch").daemon(true).start(this::run);
    }

    static VipWatch start(Topology topology, String vip) {
        return new VipWatch(topology, vip);
    }

    private void run() {
        List<Topology.Member> last = null;
        long overlapSince = -1;
        long vacantSince = -1;
        while (!stopped) {
            long now = System.nanoTime();
            List<Topology.Member> holders;
            try {
                holders = topology.holders(vip);
            } catch (IOException e) {
                synchronized (this) {
                    if (errors.size() < 10) {
                        errors.add(e.toString());
                    }
                }
                LockSupport.parkNanos(SAMPLE_NANOS);
                continue;
            }
            synchronized (this) {
                samples++;
                if (!holders.equals(last)) {
                    changes.add(new Change(Duration.ofNanos(now - startNanos), holders));
                    last = holders;
                }
                overlapSince = holders.size() > 1 ? (overlapSince < 0 ? now : overlapSince) : -1;
                vacantSince = holders.isEmpty() ? (vacantSince < 0 ? now : vacantSince) : -1;
                if (overlapSince >= 0) {
                    longestOverlapNanos = Math.max(longestOverlapNanos, now - overlapSince);
                }
                if (vacantSince >= 0) {
                    longestVacancyNanos = Math.max(longestVacancyNanos, now - vacantSince);
                }
            }
            LockSupport.parkNanos(SAMPLE_NANOS);
        }
    }

    /** What was seen so far; the watch goes on. */
    synchronized Report report() {
        return new Report(List.copyOf(changes), Duration.ofNanos(longestOverlapNanos),
                Duration.ofNanos(longestVacancyNanos), samples, List.copyOf(errors));
    }

    /** Stops watching and reports. */
    Report finish() throws InterruptedException {
        stopped = true;
        thread.join();
        return report();
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopped) {
            finish();
        }
    }
}
