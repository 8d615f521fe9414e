package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * dnsmasq (Debian's 2.90) as the server under test: {@code dnsmasq --no-daemon --conf-file=/dev/null} in the
 * server namespace, in the foreground and logging to its console (the log file), DHCP on eth0 only, its DNS on
 * port 53 answering the names of its leases. Everything is on the command line, so no file of the machine's
 * is read: not {@code /etc/dnsmasq.conf} ({@code --conf-file=/dev/null}), not {@code /etc/resolv.conf}
 * ({@code --no-resolv}: with no upstream it forwards nothing anywhere) and not {@code /etc/hosts}
 * ({@code --no-hosts}). The lease and pid files live in the test's directory.
 */
final class DnsmasqDhcpServer extends ProcessDhcpServer {

    /** dnsmasq writes it once its DHCP and DNS sockets are bound. */
    private static final String READY_LINE = "started, version";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STABLE_READ_TIMEOUT = Duration.ofSeconds(2);

    DnsmasqDhcpServer(DhcpTopology topology, DhcpServerSpec spec, Path dir) throws IOException {
        super(topology, spec, dir, "dnsmasq");
    }

    static Path requireProgram() {
        return Interop.requireProgram("dnsmasq", "dnsmasq-base");
    }

    @Override
    public String implementation() {
        return "dnsmasq";
    }

    Path leaseFile() {
        return dir.resolve("dnsmasq.leases");
    }

    /** The command line for {@link #spec}. */
    @Override
    protected List<String> command() {
        String server = DhcpTopology.SERVER_ADDRESS.getHostAddress();
        List<String> command = new ArrayList<>(List.of(requireProgram().toString(),
                "--no-daemon",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--port=53",
                "--interface=" + DhcpTopology.INTERFACE,
                "--bind-interfaces",
                "--dhcp-authoritative",
                "--dhcp-range=" + spec.rangeFrom().getHostAddress() + "," + spec.rangeTo().getHostAddress()
                        + ",255.255.255.0," + spec.leaseTime().toSeconds(),
                "--dhcp-option=option:router," + server,
                "--dhcp-option=option:dns-server," + server,
                "--domain=" + spec.domain(),
                // Names in the domain that no lease has get NXDOMAIN here, instead of "no upstream" REFUSED.
                "--local=/" + spec.domain() + "/",
                "--dhcp-leasefile=" + leaseFile(),
                "--pid-file=" + dir.resolve("dnsmasq.pid"),
                "--log-dhcp",
                "--log-queries"));
        for (DhcpServerSpec.Reservation reservation : spec.reservations()) {
            command.add("--dhcp-host=" + reservation.mac() + "," + reservation.address().getHostAddress() + ","
                    + reservation.hostname());
        }
        return command;
    }

    @Override
    protected void prepare() throws IOException {
        Files.deleteIfExists(leaseFile());
    }

    @Override
    protected String readyLine() {
        return READY_LINE;
    }

    @Override
    protected Duration startTimeout() {
        return START_TIMEOUT;
    }

    /**
     * Lines of {@code EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID}; EXPIRY 0 is infinite, HOSTNAME * none.
     *
     * <p>dnsmasq rewrites the file in place after every change (rewind, ftruncate, write, fsync: lease.c
     * {@code lease_update_file}), not by renaming a new file over it, so a read can land between the truncation
     * and the write and see it empty or cut short. Such a read would pass for "the lease is gone"; so the file
     * counts only when two reads 20 ms apart agree.
     */
    @Override
    public List<ServerLease> leases() throws IOException {
        String text = stableLeaseFile();
        List<ServerLease> leases = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || fields[2].contains(":")) {
                continue; // an empty line, or a DHCPv6 lease ("duid ..." and IPv6 lines)
            }
            long expiry = Long.parseLong(fields[0]);
            leases.add(new ServerLease(fields[1].toLowerCase(Locale.ROOT),
                    (Inet4Address) InetAddress.ofLiteral(fields[2]),
                    "*".equals(fields[3]) ? Optional.empty() : Optional.of(fields[3]),
                    expiry == 0 ? Instant.MAX : Instant.ofEpochSecond(expiry)));
        }
        return leases;
    }

    private String stableLeaseFile() throws IOException {
        long deadline = System.nanoTime() + STABLE_READ_TIMEOUT.toNanos();
        String previous = readLeaseFile();
        while (true) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + leaseFile(), e);
            }
            String current = readLeaseFile();
            if (current.equals(previous) && (current.isEmpty() || current.endsWith("\n"))) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(leaseFile() + " kept changing for " + STABLE_READ_TIMEOUT.toMillis() + " ms");
            }
            previous = current;
        }
    }

    private String readLeaseFile() throws IOException {
        try {
            return Files.readString(leaseFile(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException notYet) {
            return "";
        }
    }
}
