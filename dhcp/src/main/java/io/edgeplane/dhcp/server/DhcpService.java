package io.edgeplane.dhcp.server;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.dhcp.exchange.DhcpSettings;
import io.edgeplane.dhcp.exchange.ServerIdentity;
import io.edgeplane.dhcp.lease.LeaseJournal;
import io.edgeplane.dhcp.lease.RecoveryReport;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dnsmasq's DHCP server as a service: it answers on the configured interface from one platform thread,
 * {@code dhcp}. A reload that keeps the interface and the lease file changes the ranges, options and reservations in
 * place, keeping every lease that still fits; one that moves to another interface or lease file restarts the server
 * thread, losing only outstanding offers.
 */
public final class DhcpService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpService.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final DhcpMeters meters;
    private final DhcpPlatform platform;
    private final HostRegistry names;
    private final Clock clock;
    private final LongSupplier nanos;
    private volatile DhcpServer running;

    /**
     * @param platform the kernel side; empty where there is none (not Linux), and then a config with {@code dhcp} fails
     * @param names    where lease names go: the DNS server's registry
     */
    public DhcpService(MeterRegistry registry, Optional<DhcpPlatform> platform, HostRegistry names, Clock clock,
                       LongSupplier nanos) throws IllegalArgumentException {
        this.meters = new DhcpMeters(Objects.requireNonNull(registry, "registry"));
        this.platform = Objects.requireNonNull(platform, "platform").orElse(null);
        this.names = Objects.requireNonNull(names, "names");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    @Override
    public String name() {
        return "dhcp";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        DhcpConfig dhcp = config.dhcp().orElseThrow(() -> new ServiceException("dhcp: the config has no dhcp section"));
        if (platform == null) {
            throw new ServiceException("dhcp: needs Linux (device-bound sockets, packet sockets), which this platform is not");
        }
        DhcpPlatform.Interface network;
        try {
            network = platform.resolve(dhcp.interfaceName());
        } catch (IOException e) {
            throw new ServiceException("dhcp.interface: " + e.getMessage(), e);
        }
        DhcpSettings settings;
        try {
            settings = new DhcpSettings(dhcp, new ServerIdentity(network.address(), network.prefixLength()));
        } catch (IllegalArgumentException e) {
            throw new ServiceException(e.getMessage(), e);
        }
        DhcpServer current = running;
        if (current != null && current.network().sameSocket(network)
                && current.leaseFile().equals(Path.of(dhcp.leaseFile()))) {
            return new Transition() {
                @Override
                public void commit() {
                    current.reconfigure(settings);
                }

                @Override
                public void abort() {
                }
            };
        }
        DhcpServer next = open(settings, network, current);
        return new Transition() {
            @Override
            public void commit() {
                next.start();
                running = next;
            }

            @Override
            public void abort() {
                next.close();
            }
        };
    }

    private DhcpServer open(DhcpSettings settings, DhcpPlatform.Interface network, DhcpServer current)
            throws ServiceException {
        Path leaseFile = Path.of(settings.config().leaseFile());
        LeaseJournal journal = null;
        if (current == null || !current.leaseFile().equals(leaseFile)) {
            try {
                journal = LeaseJournal.open(leaseFile, clock);
            } catch (IOException e) {
                throw new ServiceException("dhcp.lease_file " + leaseFile + ": " + e.getMessage(), e);
            }
            logRecovery(leaseFile, journal.report());
        }
        DhcpTransport transport;
        try {
            transport = platform.open(network);
        } catch (IOException e) {
            DhcpServer.closeQuietly(journal);
            throw new ServiceException("dhcp.interface " + network.name() + ": " + e.getMessage(), e);
        }
        Optional<AddressProbe> probe = settings.config().probe() ? platform.probe(network) : Optional.empty();
        if (settings.config().probe() && probe.isEmpty()) {
            LOG.warn("dhcp: probe is on, but this process may not send ICMP echo requests; addresses are offered "
                    + "unprobed");
        }
        return new DhcpServer(settings, network, leaseFile, journal, current, transport, probe, names, meters, clock,
                nanos);
    }

    private static void logRecovery(Path leaseFile, RecoveryReport report) {
        if (report.corruptLineCount() > 0) {
            LOG.warn("dhcp: {}: {} corrupt line(s) skipped, the first at line {}: {}", leaseFile,
                    report.corruptLineCount(), report.corruptLines().getFirst().lineNumber(),
                    report.corruptLines().getFirst().reason());
        }
        if (report.tornTailTruncated()) {
            LOG.warn("dhcp: {}: an incomplete last line of {} bytes (a write cut short by a crash, never acknowledged) "
                    + "was cut off", leaseFile, report.truncatedBytes());
        }
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        DhcpServer current = running;
        running = null;
        if (current != null) {
            current.stop(STOP_WAIT);
        }
        meters.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Health health() {
        DhcpServer current = running;
        if (current == null) {
            return Health.down("not running");
        }
        return current.alive() ? Health.up("serving " + current.network().name()) : Health.down("the server thread ended");
    }

    @Override
    public List<String> endpoints() {
        DhcpServer current = running;
        return current == null ? List.of()
                : List.of("dhcp://" + current.network().address().getHostAddress() + ":67 on " + current.network().name());
    }

    /** The server's state and leases; empty when it is not running. */
    public Optional<DhcpStatus> status() {
        DhcpServer current = running;
        if (current == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(current.status().get(2, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
