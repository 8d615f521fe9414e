package io.edgeplane.ntp.client;

import io.edgeplane.core.transport.ListeningSockets;
import io.edgeplane.ntp.select.ClockFilter;
import io.edgeplane.ntp.select.ClockSample;
import io.edgeplane.ntp.select.FilterOutput;
import io.edgeplane.ntp.select.Selection;
import io.edgeplane.ntp.select.SourceEstimate;
import io.edgeplane.ntp.select.SourceSelection;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronises to the configured sources: one {@link SourcePoller} each, every reply through that source's
 * {@link ClockFilter}, then {@link SourceSelection} over all of them, and each conclusion handed on as a
 * {@link SystemUpdate} (to the clock discipline and to what the server advertises). Everything runs on one
 * event loop, so its state needs no lock; {@link #status()} is a snapshot published after each round.
 */
public final class NtpClient implements AutoCloseable {

    /** One source as {@code chronyc sources} shows it. */
    public record SourceStatus(String address, String configuredAs, int stratum, int poll, int reach, String state,
                               long offsetNanos, long delayNanos, long jitterNanos, long bogusReplies) {
    }

    /** The client as {@code chronyc tracking} shows it: synchronised or not, to whom, and each source. */
    public record Status(boolean synchronised, String systemPeer, int stratum, long offsetNanos, long jitterNanos,
                         List<SourceStatus> sources) {
        public static final Status IDLE = new Status(false, "", 16, 0, 0, List.of());
    }

    private static final Logger log = LoggerFactory.getLogger(NtpClient.class);
    /** Our precision as a client: a JVM reads the wall clock to about a microsecond. */
    private static final int LOCAL_PRECISION = -20;

    private final EventLoop loop;
    private final LongSupplier monotonicNanos;
    private final Consumer<SystemUpdate> onUpdate;
    private final SourceSelection selection = new SourceSelection();
    private final Map<SourcePoller, Tracked> sources = new LinkedHashMap<>();
    private volatile Status status = Status.IDLE;
    private String lastPeer = "";
    /** The sample time of the last system update: RFC 5905 §11.2.3 updates the clock only with newer ones. */
    private long lastUpdateSampleNanos = Long.MIN_VALUE;

    /** A source and what its replies have built up. */
    private static final class Tracked {
        final SourceAddresses.Source source;
        ClockFilter filter = newFilter();
        SourceEstimate estimate;
        String state = "unreached";

        Tracked(SourceAddresses.Source source) {
            this.source = source;
        }
    }

    /**
     * @param unixNanos      our own time scale, for T1 and T4
     * @param monotonicNanos the clock dispersion ages on, as {@link System#nanoTime()}
     * @param onUpdate       called on the client's loop after each round that found a majority
     */
    public NtpClient(List<SourceAddresses.Source> configured, EventLoop loop, Class<? extends DatagramChannel> channelType,
                     LongSupplier unixNanos, LongSupplier monotonicNanos, RandomGenerator random,
                     Consumer<SystemUpdate> onUpdate) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
        this.onUpdate = Objects.requireNonNull(onUpdate, "onUpdate");
        SourcePoller.Listener listener = new SourcePoller.Listener() {
            @Override
            public void measured(SourcePoller source, Measurement measurement) {
                NtpClient.this.measured(source, measurement);
            }

            @Override
            public void refused(SourcePoller source, String code) {
                Tracked tracked = sources.get(source);
                if (tracked != null) {
                    tracked.state = "refused (" + code + ")";
                    tracked.estimate = null;
                }
            }
        };
        for (SourceAddresses.Source source : configured) {
            sources.put(new SourcePoller(source.address(), source.minPoll(), source.maxPoll(), source.iburst(), loop,
                    channelType, unixNanos, random, listener), new Tracked(source));
        }
    }

    private static ClockFilter newFilter() {
        // Spike suppression off: the discipline holds back outliers itself, against its regression line.
        return new ClockFilter(ClockSample.precisionNanos(LOCAL_PRECISION), 0);
    }

    /**
     * Forgets every source's samples: after the time scale was stepped they were measured against a clock
     * that is no more (RFC 5905 clears its associations after a step for the same reason).
     */
    public void clearSamples() {
        try {
            loop.execute(() -> sources.values().forEach(tracked -> {
                tracked.filter = newFilter();
                tracked.estimate = null;
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopping: nothing left to clear.
        }
    }

    public void start() {
        sources.keySet().forEach(SourcePoller::start);
        publish();
    }

    public Status status() {
        return status;
    }

    private void measured(SourcePoller poller, Measurement measurement) {
        Tracked tracked = sources.get(poller);
        if (tracked == null) {
            return;
        }
        long now = monotonicNanos.getAsLong();
        ClockSample sample;
        try {
            sample = ClockSample.fromTimestamps(measurement.t1(), measurement.t2(), measurement.t3(), measurement.t4(),
                    measurement.reply().precision(), LOCAL_PRECISION, now);
        } catch (IllegalArgumentException e) {
            // A server whose receive time is after its transmit time, or a reply older than its request.
            log.debug("ntp: dropped a sample from {}: {}", poller.server(), e.getMessage());
            return;
        }
        tracked.filter.add(sample);
        Optional<FilterOutput> output = tracked.filter.output(now);
        if (output.isEmpty()) {
            return;
        }
        // The id is address and port: two servers on one host (tests, or ntpd and chrony side by side) are two sources.
        tracked.estimate = SourceEstimate.fromReply(id(poller), measurement.reply(), output.get());
        selectAndUpdate(now);
    }

    private void selectAndUpdate(long now) {
        List<SourceEstimate> candidates = new ArrayList<>();
        Map<String, Tracked> byId = new LinkedHashMap<>();
        for (Map.Entry<SourcePoller, Tracked> entry : sources.entrySet()) {
            Tracked tracked = entry.getValue();
            if (tracked.estimate != null && entry.getKey().reach() != 0) {
                candidates.add(tracked.estimate);
                byId.put(tracked.estimate.id(), tracked);
            }
        }
        Selection result = selection.select(candidates, now);
        byId.values().forEach(tracked -> tracked.state = "unusable");
        switch (result) {
            case Selection.Selected selected -> {
                selected.truechimers().forEach(id -> byId.get(id).state = "candidate");
                selected.falsetickers().forEach(id -> byId.get(id).state = "falseticker");
                selected.survivors().forEach(id -> byId.get(id).state = "combined");
                // A preferred survivor is followed alone, as ntpd's prefer peer is: its offset, not the combination.
                Optional<SourceEstimate> preferred = selected.survivors().stream().filter(id -> byId.get(id).source.prefer())
                        .findFirst().map(id -> byId.get(id).estimate);
                SourceEstimate peerEstimate = preferred.orElse(selected.systemPeer());
                long offset = preferred.map(estimate -> estimate.filter().offsetNanos()).orElse(selected.offsetNanos());
                String peer = peerEstimate.id();
                byId.get(peer).state = "system peer";
                if (!peer.equals(lastPeer)) {
                    log.info("ntp: synchronising to {} (stratum {}{}), offset {} µs", peer, peerEstimate.stratum(),
                            preferred.isPresent() ? ", preferred" : "", offset / 1000);
                    lastPeer = peer;
                }
                long sampleTime = peerEstimate.filter().sampleTimeNanos();
                if (sampleTime > lastUpdateSampleNanos) {
                    // Only a newer sample of the system peer moves the clock; an old one was used already.
                    lastUpdateSampleNanos = sampleTime;
                    onUpdate.accept(new SystemUpdate(offset, selected.jitterNanos(), peerEstimate,
                            byId.get(peer).source.address().getAddress(), sampleTime));
                }
                publish(true, peer, peerEstimate.stratum() + 1, offset, selected.jitterNanos());
            }
            case Selection.NoMajority none -> {
                if (!lastPeer.isEmpty()) {
                    log.warn("ntp: no majority of sources agrees on the time; not synchronised");
                    lastPeer = "";
                }
                publish(false, "", 16, 0, 0);
            }
        }
    }

    private void publish() {
        publish(false, "", 16, 0, 0);
    }

    private void publish(boolean synchronised, String peer, int stratum, long offset, long jitter) {
        List<SourceStatus> list = new ArrayList<>();
        for (Map.Entry<SourcePoller, Tracked> entry : sources.entrySet()) {
            SourcePoller poller = entry.getKey();
            Tracked tracked = entry.getValue();
            SourceEstimate estimate = tracked.estimate;
            list.add(new SourceStatus(id(poller),
                    tracked.source.configuredAs(), estimate == null ? 0 : estimate.stratum(), poller.poll(), poller.reach(),
                    tracked.state, estimate == null ? 0 : estimate.filter().offsetNanos(),
                    estimate == null ? 0 : estimate.filter().delayNanos(), estimate == null ? 0 : estimate.filter().jitterNanos(),
                    poller.bogusReplies()));
        }
        status = new Status(synchronised, peer, stratum, offset, jitter, List.copyOf(list));
    }

    private static String id(SourcePoller poller) {
        return ListeningSockets.hostPort(poller.server());
    }

    @Override
    public void close() {
        sources.keySet().forEach(SourcePoller::close);
    }
}
