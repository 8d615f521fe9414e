package io.edgeplane.dhcp.server;

import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.dhcp.exchange.DhcpResponder;
import io.edgeplane.dhcp.exchange.DhcpSettings;
import io.edgeplane.dhcp.exchange.LeaseLog;
import io.edgeplane.dhcp.exchange.LeaseNames;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.lease.LeaseJournal;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: its sockets, lease journal, responder and thread. Built while the old config still serves;
 * {@link #start} takes over from the server it replaces (stopping it first, and taking over its journal when the
 * lease file is the same, so no lease written by the old thread is missed).
 */
final class DhcpServer {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);

    private final DhcpSettings settings;
    private final DhcpPlatform.Interface network;
    private final Path leaseFile;
    private final DhcpServer previous;
    private final DhcpTransport transport;
    private final Optional<AddressProbe> probe;
    private final HostRegistry registry;
    private final DhcpMeters meters;
    private final Clock clock;
    private final LongSupplier nanos;
    private LeaseJournal journal;
    private DhcpResponder responder;
    private LeaseNames names;
    private DhcpLoop loop;
    private Thread thread;
    private volatile boolean keepJournal;

    /** @param journal the opened journal, or null to take over {@code previous}'s */
    DhcpServer(DhcpSettings settings, DhcpPlatform.Interface network, Path leaseFile, LeaseJournal journal,
               DhcpServer previous, DhcpTransport transport, Optional<AddressProbe> probe, HostRegistry registry,
               DhcpMeters meters, Clock clock, LongSupplier nanos) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.network = Objects.requireNonNull(network, "network");
        this.leaseFile = Objects.requireNonNull(leaseFile, "leaseFile");
        this.journal = journal;
        this.previous = previous;
        if (journal == null && previous == null) {
            throw new IllegalArgumentException("a server needs a journal of its own or one to take over");
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    DhcpPlatform.Interface network() {
        return network;
    }

    Path leaseFile() {
        return leaseFile;
    }

    /** Stops the server this one replaces, takes over or reads back the leases, and starts the thread. */
    void start() {
        Collection<Lease> leases;
        if (journal == null) {
            previous.keepJournal = true;
            previous.stop(Duration.ofSeconds(5));
            journal = previous.journal;
            leases = previous.responder.leases();
        } else {
            if (previous != null) {
                previous.stop(Duration.ofSeconds(5));
            }
            leases = journal.recovered().values();
        }
        names = new LeaseNames(registry, settings.config().options().domain());
        responder = new DhcpResponder(settings, journalLog(journal), names, clock);
        responder.restore(leases);
        loop = new DhcpLoop(responder, journal, transport, probe, settings.config().probeTimeout(),
                new RequestRateLimiter(settings.config().rateLimit(), nanos.getAsLong()), meters, clock, nanos);
        LOG.info("dhcp: serving {} as {}: {} addresses in the ranges, {} free, {} leases held", network.name(),
                settings.identity(), responder.poolSize(), responder.poolFree(), responder.leases().size());
        thread = Thread.ofPlatform().name("dhcp").daemon(true).start(loop);
    }

    /**
     * Applies new ranges, options and reservations on the server thread, and returns once they are in force, so
     * no request is answered under the old config after the reload said it was done.
     */
    void reconfigure(DhcpSettings newSettings) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        loop.submit(() -> {
            try {
                responder.reconfigure(newSettings);
                loop.limiter(new RequestRateLimiter(newSettings.config().rateLimit(), nanos.getAsLong()));
            } finally {
                applied.complete(null);
            }
        });
        try {
            applied.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("dhcp: the server thread took more than 5s to apply the new config; it will when it can");
        }
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    /** A snapshot of the state, read on the server thread. */
    CompletableFuture<DhcpStatus> status() {
        CompletableFuture<DhcpStatus> status = new CompletableFuture<>();
        if (!alive()) {
            status.complete(snapshot());
        } else {
            loop.submit(() -> status.complete(snapshot()));
        }
        return status;
    }

    private DhcpStatus snapshot() {
        List<Lease> leases = responder == null ? List.of() : responder.leases().stream()
                .sorted(Comparator.comparingLong((Lease l) -> Ipv4Ints.of(l.address()))).toList();
        return new DhcpStatus(network.name(), network.address(), responder == null ? 0 : responder.poolSize(),
                responder == null ? 0 : responder.poolFree(), leases);
    }

    /** Stops the thread (it commits what it holds first) and frees the sockets and, unless handed over, the journal. */
    void stop(Duration wait) {
        if (loop != null) {
            loop.stop();
        }
        transport.close();
        if (thread != null) {
            try {
                thread.join(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("dhcp: the server thread did not end within {}", wait);
            }
        }
        probe.ifPresent(AddressProbe::close);
        if (names != null) {
            names.clear();
        }
        if (!keepJournal) {
            closeQuietly(journal);
        }
    }

    /** Frees what was opened for a server that never started (an aborted reload). */
    void close() {
        transport.close();
        probe.ifPresent(AddressProbe::close);
        if (previous == null || journal != previous.journal) {
            closeQuietly(journal);
        }
    }

    static void closeQuietly(LeaseJournal journal) {
        if (journal == null) {
            return;
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("dhcp: closing the lease journal failed: {}", e.toString());
        }
    }

    private static LeaseLog journalLog(LeaseJournal journal) {
        return new LeaseLog() {
            @Override
            public void put(Lease lease) {
                journal.put(lease);
            }

            @Override
            public void remove(Inet4Address address) {
                journal.remove(address);
            }
        };
    }
}
