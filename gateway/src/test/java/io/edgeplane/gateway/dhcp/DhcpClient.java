package io.edgeplane.gateway.dhcp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real DHCP client running on eth0 of a client namespace of a {@link DhcpTopology}: busybox's udhcpc
 * ({@link UdhcpcClient}) or dhcpcd ({@link DhcpcdClient}). It runs in the foreground under the test's control, with a
 * script of the test's that records what it was given ({@link ScriptEvents}) and a host name it asks for. It
 * configures the leased address on eth0 of its namespace and touches nothing outside it.
 */
interface DhcpClient extends AutoCloseable {

    /** {@code udhcpc} or {@code dhcpcd}, for messages. */
    String implementation();

    /** The namespace it runs in. */
    DhcpTopology.Host host();

    /** The host name it sends (option 12). */
    String hostname();

    /** Starts the client; it begins with DHCPDISCOVER at once. */
    void start() throws IOException, InterruptedException;

    /** Waits until the client has bound (the DORA exchange is over and eth0 has the address); the lease. */
    ClientLease awaitLease(Duration timeout) throws IOException, InterruptedException;

    /**
     * Makes the bound client renew now (a unicast DHCPREQUEST to its server, RFC 2131 §4.4.5 RENEWING) and waits
     * for the answer; the renewed lease.
     */
    ClientLease renew(Duration timeout) throws IOException, InterruptedException;

    /** Makes the client send DHCPRELEASE and waits until it says it let the address go. */
    void release(Duration timeout) throws IOException, InterruptedException;

    /** Stops the client without a release (the server keeps the lease) and waits until all its processes are gone. */
    void stop() throws IOException, InterruptedException;

    boolean isRunning();

    /** What its script recorded so far. */
    List<ScriptEvents.Event> events() throws IOException;

    /** The client's own output. */
    Path log();

    /** The last {@code lines} lines of {@link #log()}, for failure messages. */
    String logTail(int lines);

    /** {@link #stop()} if it still runs. */
    @Override
    void close() throws IOException, InterruptedException;
}
