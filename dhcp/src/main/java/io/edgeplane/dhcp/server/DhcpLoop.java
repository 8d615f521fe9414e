package io.edgeplane.dhcp.server;

import io.edgeplane.dhcp.codec.DecodeResult;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageDecoder;
import io.edgeplane.dhcp.codec.DhcpMessageEncoder;
import io.edgeplane.dhcp.exchange.DhcpRequest;
import io.edgeplane.dhcp.exchange.DhcpResponder;
import io.edgeplane.dhcp.exchange.IgnoreReason;
import io.edgeplane.dhcp.exchange.Outcome;
import io.edgeplane.dhcp.lease.LeaseJournal;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server thread. Each turn takes every request queued on the socket (up to a batch), answers them through
 * the responder, expires what ran out, commits the lease journal once, and only then sends the ACKs: one fdatasync
 * covers every lease of the batch (group commit), and no client hears of a lease a crash could forget. Offers and
 * NAKs promise nothing durable and go out at once. Probes run elsewhere and come back as tasks.
 */
final class DhcpLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpLoop.class);
    /** How long the thread sleeps with nothing to do; tasks (status queries, reloads) wait at most this long. */
    private static final Duration IDLE = Duration.ofMillis(100);
    /** How often the thread looks for probe results while probes are out. */
    private static final Duration PROBING = Duration.ofMillis(5);
    /** Addresses in use one request may run into before it is left unanswered (the client retries). */
    private static final int MAX_CONFLICTS = 3;
    private static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private record Pending(Outcome.Answer answer, DhcpRequest request) {
    }

    private record Waiting(DhcpRequest request, int conflicts) {
    }

    private final DhcpResponder responder;
    private final LeaseJournal journal;
    private final DhcpTransport transport;
    private final Optional<AddressProbe> probe;
    private final Duration probeTimeout;
    private final DhcpMeters meters;
    private final Clock clock;
    private final LongSupplier nanos;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<Pending> durable = new ArrayList<>();
    private final Map<Inet4Address, List<Waiting>> probing = new HashMap<>();
    private final Map<String, Instant> lastWarning = new HashMap<>();
    private RequestRateLimiter limiter;
    private volatile boolean running = true;

    DhcpLoop(DhcpResponder responder, LeaseJournal journal, DhcpTransport transport, Optional<AddressProbe> probe,
             Duration probeTimeout, RequestRateLimiter limiter, DhcpMeters meters, Clock clock, LongSupplier nanos) {
        this.responder = Objects.requireNonNull(responder, "responder");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    /** Runs {@code task} on the server thread, within {@link #IDLE}. */
    void submit(Runnable task) {
        tasks.add(task);
    }

    /** Replaces the rate limiter (a reload); called on the server thread. */
    void limiter(RequestRateLimiter newLimiter) {
        this.limiter = newLimiter;
    }

    /** Asks the thread to finish its turn and return. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                transport.receive(timeout(), this::onDatagram);
            } catch (IOException e) {
                if (!running) {
                    break;
                }
                warn("receive", "dhcp: receiving failed: {}", e.getMessage());
                sleepQuietly();
            }
            try {
                turn();
            } catch (RuntimeException e) {
                LOG.error("dhcp: a turn of the server thread failed; it carries on", e);
            }
        }
        commitAndSend();
    }

    private void turn() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        int expired = responder.tick();
        if (expired > 0) {
            meters.expired(expired);
        }
        commitAndSend();
        if (journal.wantsCompaction(responder.leaseCount())) {
            compact();
        }
        meters.state(responder.leaseCount(), responder.poolFree());
    }

    private Duration timeout() {
        if (!probing.isEmpty() || !tasks.isEmpty()) {
            return tasks.isEmpty() ? PROBING : Duration.ZERO;
        }
        Optional<Instant> next = responder.nextDeadline();
        if (next.isEmpty()) {
            return IDLE;
        }
        Duration until = Duration.between(clock.instant(), next.get());
        return until.isNegative() ? Duration.ZERO : until.compareTo(IDLE) < 0 ? until : IDLE;
    }

    private void onDatagram(DhcpTransport.Datagram datagram) {
        try {
            switch (DhcpMessageDecoder.decode(datagram.payload())) {
                case DecodeResult.Dropped dropped -> {
                    meters.dropped(dropped.reason().name());
                    LOG.debug("dhcp: dropped a datagram from {}: {}", datagram.source().getHostAddress(), dropped.detail());
                }
                case DecodeResult.Valid valid -> admit(valid.message(), datagram.source());
            }
        } catch (RuntimeException e) {
            meters.dropped("internal_error");
            warn("internal", "dhcp: a request from " + datagram.source().getHostAddress() + " failed: {}", e.toString());
            LOG.debug("dhcp: request failure", e);
        }
    }

    private void admit(DhcpMessage message, Inet4Address source) {
        if (message.op() != DhcpMessage.BOOTREQUEST) {
            meters.dropped("not_a_request");
            return;
        }
        RequestRateLimiter.Verdict verdict = limiter.admit(message.chaddr(), nanos.getAsLong());
        if (verdict != RequestRateLimiter.Verdict.PASS) {
            meters.dropped(verdict.name());
            return;
        }
        meters.request(message.messageType().orElseThrow().name());
        handle(new DhcpRequest(message, source), 0);
    }

    private void handle(DhcpRequest request, int conflicts) {
        switch (responder.handle(request)) {
            case Outcome.Answer answer -> {
                if (answer.durable()) {
                    durable.add(new Pending(answer, request));
                } else {
                    send(answer, request);
                }
            }
            case Outcome.Probe wanted -> startProbe(wanted.address(), new Waiting(request, conflicts));
            case Outcome.Ignored ignored -> {
                meters.ignored(ignored.reason().name());
                if (ignored.reason() == IgnoreReason.POOL_EXHAUSTED || ignored.reason() == IgnoreReason.LEASE_LIMIT) {
                    warn(ignored.reason().name(), "dhcp: a client went unanswered: {}", ignored.detail());
                }
            }
        }
    }

    private void startProbe(Inet4Address address, Waiting waiting) {
        if (waiting.conflicts() >= MAX_CONFLICTS) {
            meters.ignored(IgnoreReason.PROBES_EXHAUSTED.name());
            return;
        }
        List<Waiting> queue = probing.get(address);
        if (queue != null) {
            queue.add(waiting);
            return;
        }
        probing.put(address, new ArrayList<>(List.of(waiting)));
        if (probe.isEmpty()) {
            probed(address, false);
            return;
        }
        probe.get().probe(address, probeTimeout).whenComplete((inUse, failure) ->
                submit(() -> probed(address, Boolean.TRUE.equals(inUse))));
    }

    private void probed(Inet4Address address, boolean inUse) {
        if (inUse) {
            meters.conflict();
            warn("conflict", "dhcp: {} answered a probe: something uses it without a lease; it is held back",
                    address.getHostAddress());
        }
        responder.probed(address, inUse);
        List<Waiting> waiting = probing.remove(address);
        if (waiting != null) {
            for (Waiting w : waiting) {
                handle(w.request(), inUse ? w.conflicts() + 1 : w.conflicts());
            }
        }
    }

    private void commitAndSend() {
        long started = nanos.getAsLong();
        try {
            // A no-op when nothing was written; expiries and releases of a quiet turn are committed here too.
            journal.commit();
            if (!durable.isEmpty()) {
                meters.committed(nanos.getAsLong() - started);
            }
        } catch (IOException | RuntimeException e) {
            // No ACK without a durable lease: the clients retry, and the next commit may succeed.
            LOG.error("dhcp: the lease journal could not be written; {} acknowledgement(s) withheld: {}", durable.size(),
                    e.toString());
            durable.forEach(p -> meters.dropped("journal_failed"));
            durable.clear();
            return;
        }
        for (Pending pending : durable) {
            send(pending.answer(), pending.request());
        }
        durable.clear();
    }

    private void send(Outcome.Answer answer, DhcpRequest request) {
        DhcpMessage reply = answer.reply();
        int limit = request.message().options().maxMessageSize().orElse(DhcpMessageEncoder.MIN_IP_MESSAGE_SIZE);
        try {
            transport.send(ByteBuffer.wrap(DhcpMessageEncoder.encode(reply, limit)), answer.delivery());
            meters.reply(reply.messageType().orElseThrow().name());
        } catch (IOException | RuntimeException e) {
            meters.dropped("send_failed");
            warn("send", "dhcp: a reply could not be sent: {}", e.toString());
        }
    }

    private void compact() {
        try {
            journal.compact(responder.leases());
        } catch (IOException e) {
            warn("compact", "dhcp: compacting the lease journal failed (it keeps growing, nothing is lost): {}",
                    e.toString());
        }
    }

    /** Logs at most one warning of each kind per {@link #WARN_EVERY}: a flood must not flood the log too. */
    private void warn(String kind, String format, Object argument) {
        Instant now = clock.instant();
        Instant last = lastWarning.get(kind);
        if (last == null || !now.isBefore(last.plus(WARN_EVERY))) {
            lastWarning.put(kind, now);
            LOG.warn(format, argument);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
