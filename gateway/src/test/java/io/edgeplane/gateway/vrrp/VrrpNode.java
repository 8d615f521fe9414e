package io.edgeplane.gateway.vrrp;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A VRRP daemon running one {@link VrrpInstanceSpec} in a node namespace of a {@link Topology}: keepalived today
 * ({@link KeepalivedNode}), edgeplane later ({@link EdgeplaneNode}). The scenarios only start, stop and inspect
 * nodes through this, so that swapping keepalived for edgeplane on either side is a change of
 * {@link VrrpImplementation}, not of a test.
 */
interface VrrpNode extends AutoCloseable {

    /** How a node stops. */
    enum StopMode {
        /**
         * SIGTERM: the daemon shuts down as an operator's {@code systemctl stop} asks it to, sending a priority 0
         * advert (RFC 5798 §6.4.3) so that a backup takes over after its skew time instead of the master down
         * interval, and removing its virtual IPs.
         */
        GRACEFUL,
        /**
         * A host that dies: SIGKILL to the daemon and every process it started (no priority 0 advert, nothing
         * cleaned up), and then the harness removes the virtual IP the daemon left on eth0, since a host that
         * loses power takes its addresses with it; left there, the dead node's kernel would go on answering ARP
         * for the virtual IP, which no real failure does. A backup takes over after the master down interval.
         */
        CRASH
    }

    /** The namespace the daemon runs in. */
    Topology.Member member();

    /** What it runs. */
    VrrpInstanceSpec spec();

    /** {@code keepalived} or {@code edgeplane}, for messages and summary lines. */
    String implementation();

    /** Writes the config and starts the daemon in the namespace; fails if it exits at once. */
    void start() throws IOException, InterruptedException;

    /** Stops the daemon and waits for it to be gone. A node that is not running is left alone. */
    void stop(StopMode mode) throws IOException, InterruptedException;

    boolean isRunning();

    /** The daemon's own output, all runs of this node appended. */
    Path log();

    /** The last {@code lines} lines of {@link #log()}, for failure messages. */
    String logTail(int lines);

    /** Stops the node with {@link StopMode#CRASH} if it still runs. */
    @Override
    void close() throws IOException, InterruptedException;
}
