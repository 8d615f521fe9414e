package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * dhcpcd (Debian's dhcpcd-base 9.4) as a client: {@code dhcpcd -B -4 -f CONF -c SCRIPT -h NAME eth0} in the client
 * namespace, in the foreground, IPv4 only, on eth0 only.
 *
 * <p>dhcpcd keeps its state in fixed places: pid files and control sockets in {@code /run/dhcpcd} (named after the
 * interface, {@code eth0-4.pid}: every client here has an eth0, so two would collide) and leases in
 * {@code /var/lib/dhcpcd} (an old lease there makes it start with INIT-REBOOT for that address). So it runs in a
 * mount namespace of its own ({@code unshare -m}, under {@code ip netns exec}) where a wrapper binds this client's
 * {@code run/} over {@code /run} and {@code lib/} over {@code /var/lib/dhcpcd} before it execs dhcpcd; the machine's
 * directories stay as they are, and the files are there to look at in the test's directory. The control commands
 * ({@code dhcpcd -N}, {@code -k}) go through the same wrapper and so find the same pid file and socket. The UTS
 * namespace is private too ({@code unshare -u}), so nothing dhcpcd runs can set the machine's host name.
 *
 * <p>The config file is the test's, not {@code /etc/dhcpcd.conf}, and the script ({@code -c}) is the test's, not
 * {@code dhcpcd-run-hooks}, whose hooks would rewrite {@code /etc/resolv.conf} (20-resolv.conf), set the host name
 * (30-hostname) and poke chrony or timesyncd. dhcpcd itself adds the address and the routes to eth0 of this
 * namespace.
 */
final class DhcpcdClient extends ScriptedClient {

    DhcpcdClient(DhcpTopology topology, DhcpTopology.Host host, String hostname, Path dir) throws IOException {
        super(topology, host, hostname, dir);
    }

    static Path requireDhcpcd() {
        Path dhcpcd = Interop.requireProgram("dhcpcd", "dhcpcd-base");
        Interop.require(Files.isDirectory(Path.of("/var/lib/dhcpcd")),
                "no /var/lib/dhcpcd (Debian package dhcpcd-base makes it) to bind the client's own over");
        Interop.requireProgram("unshare", "util-linux");
        return dhcpcd;
    }

    @Override
    public String implementation() {
        return "dhcpcd";
    }

    Path config() {
        return dir.resolve("dhcpcd.conf");
    }

    private Path wrapper() {
        return dir.resolve("private-dirs");
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(config(), config(hostname), StandardCharsets.UTF_8);
        Files.writeString(wrapper(), """
                #!/bin/sh
                # Written by the DHCP interop test: run "$@" with this client's own /run and /var/lib/dhcpcd. It runs
                # under unshare -m, so these mounts are private to it and gone when it ends.
                set -e
                mount --bind '%1$s/run' /run
                mount --bind '%1$s/lib' /var/lib/dhcpcd
                exec "$@"
                """.formatted(dir), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper(), PosixFilePermissions.fromString("rwxr-xr-x"));
        super.start();
    }

    /**
     * The config: IPv4 only; {@code nodelay} (no random wait of up to 2 s before the first DISCOVER) and
     * {@code noarp} (no 3-5 s of ARP probing of the offered address, and no IPv4LL fallback), so that a lease takes
     * a fraction of a second; {@code nodev} (no udev); the options asked for; the host name.
     */
    static String config(String hostname) {
        return """
                # dhcpcd.conf written by the DHCP interop test
                ipv4only
                nodelay
                noarp
                nodev
                hostname %s
                option subnet_mask, routers, domain_name_servers, domain_name, host_name
                require dhcp_server_identifier
                """.formatted(hostname);
    }

    /** {@code ip netns exec NS unshare -m -u WRAPPER dhcpcd ARGS... eth0}. */
    private List<String> dhcpcd(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Interop.requireProgram("unshare", "util-linux").toString(), "-m", "-u", "--propagation", "private",
                wrapper().toString(), requireDhcpcd().toString()));
        command.addAll(List.of(args));
        command.add(DhcpTopology.INTERFACE);
        return command;
    }

    @Override
    protected List<String> command() {
        return dhcpcd("-B", "-4", "-d", "-f", config().toString(), "-c", scriptFile().toString(), "-h", hostname);
    }

    /**
     * dhcpcd runs the script with {@code $reason} and the options as {@code $new_ip_address} and so on; it has
     * configured eth0 already.
     */
    @Override
    protected String script() {
        return """
                #!/bin/sh
                # dhcpcd's script, written by the DHCP interop test instead of dhcpcd-run-hooks: it only records
                # the event in %1$s (dhcpcd configures eth0 itself).
                {
                  echo "event=$reason"
                  echo "ip=$new_ip_address"
                  echo "subnet=$new_subnet_mask"
                  echo "router=$new_routers"
                  echo "dns=$new_domain_name_servers"
                  echo "domain=$new_domain_name"
                  echo "lease=$new_dhcp_lease_time"
                  echo "serverid=$new_dhcp_server_identifier"
                  echo "hostname=$new_host_name"
                  echo "%2$s"
                } >> "%1$s"
                """.formatted(events.file(), ScriptEvents.END);
    }

    @Override
    protected boolean isBound(ScriptEvents.Event event) {
        return event.reason().equals("BOUND");
    }

    @Override
    protected boolean isRenewed(ScriptEvents.Event event) {
        return event.reason().equals("RENEW");
    }

    /**
     * {@code dhcpcd -4 -N eth0}, which signals the running dhcpcd (SIGUSR1, through the pid file) to renew: a
     * unicast DHCPREQUEST to its server. ({@code -n} would rebind instead: reload the config and start over with
     * INIT-REBOOT, which is not what a lease's T1 does.)
     */
    @Override
    public ClientLease renew(Duration timeout) throws IOException, InterruptedException {
        markSeen();
        control("-N");
        return next(this::isRenewed, "RENEW", timeout);
    }

    /**
     * {@code dhcpcd -4 -k eth0}: the running dhcpcd sends DHCPRELEASE, deconfigures eth0 and, with no interface
     * left, exits; the command waits for that.
     */
    @Override
    public void release(Duration timeout) throws IOException, InterruptedException {
        markSeen();
        control("-k");
        if (process.awaitExit(timeout).isEmpty()) {
            throw new IOException(this + " did not exit within " + timeout.toMillis() + " ms of dhcpcd -k:\n"
                    + logTail(30));
        }
    }

    private void control(String action) throws IOException, InterruptedException {
        if (!isRunning()) {
            throw new IOException(this + " is not running; cannot dhcpcd " + action + ":\n" + logTail(30));
        }
        List<String> command = new ArrayList<>(List.of(Interop.requireIp().toString(), "netns", "exec",
                host.netns()));
        command.addAll(dhcpcd("-4", action));
        Interop.run(command);
    }
}
