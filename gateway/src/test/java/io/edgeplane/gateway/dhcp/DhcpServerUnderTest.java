package io.edgeplane.gateway.dhcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The DHCP server (with its DNS answering lease names) that the interop tests and clients talk to, running one
 * {@link DhcpServerSpec} in the server namespace of a {@link DhcpTopology}: dnsmasq
 * ({@link DnsmasqDhcpServer}) or edgeplane ({@link EdgeplaneDhcpServer}). The tests only start, inspect and stop the
 * server through this, so swapping dnsmasq for edgeplane is one class implementing it and one constant of
 * {@link DhcpServerImplementation}, not a change to a test.
 *
 * <p>What an implementation must do: answer DHCPv4 on {@link DhcpTopology#INTERFACE} of the server namespace from
 * {@link DhcpTopology#SERVER_ADDRESS}, hand out the spec's range with router, DNS server (both that address),
 * domain and lease time, give reserved MACs their addresses, honour RELEASE, and answer DNS on port 53 of that
 * address with A and PTR records for the names of its leases in the spec's domain, forwarding nothing.
 */
interface DhcpServerUnderTest extends AutoCloseable {

    /** {@code dnsmasq} or {@code edgeplane}, for messages. */
    String implementation();

    DhcpServerSpec spec();

    /** Writes the config and starts the server; returns once it answers DHCP and DNS, or fails. */
    void start() throws IOException, InterruptedException;

    boolean isRunning();

    /**
     * The leases the server holds now, as it would keep them across a restart (dnsmasq: its lease file, which it
     * rewrites after every change), read whole: never a file caught half-written. A released or expired lease
     * is not among them.
     */
    List<ServerLease> leases() throws IOException;

    /** The server's own output. */
    Path log();

    /** The last {@code lines} lines of {@link #log()}, for failure messages. */
    String logTail(int lines);

    /** Stops the server (SIGTERM, SIGKILL if it lingers) if it still runs. */
    @Override
    void close() throws IOException, InterruptedException;
}
