package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * busybox's udhcpc (1.35) as a client: {@code busybox udhcpc -f -i eth0 -s SCRIPT -x hostname:NAME} in the client
 * namespace, in the foreground. udhcpc configures nothing itself; the script (the test's, never busybox's default,
 * which would rewrite {@code /etc/resolv.conf}) records the event and puts the leased address on eth0, which a
 * renew needs (udhcpc unicasts it from that address). SIGUSR1 renews, SIGUSR2 releases; SIGTERM stops it without a
 * release (no {@code -R}), so the server keeps the lease.
 *
 * <p>Retries are quick ({@code -t 10 -T 1}: ten DISCOVERs a second apart) and it never gives up ({@code -A 1}
 * between rounds), so a slow server start costs a second, not udhcpc's default 3 s per try and 20 s pause.
 */
final class UdhcpcClient extends ScriptedClient {

    UdhcpcClient(DhcpTopology topology, DhcpTopology.Host host, String hostname, Path dir) throws IOException {
        super(topology, host, hostname, dir);
    }

    static Path requireBusybox() {
        return Interop.requireProgram("busybox", "busybox");
    }

    @Override
    public String implementation() {
        return "udhcpc";
    }

    @Override
    protected List<String> command() {
        return List.of(requireBusybox().toString(), "udhcpc", "-f", "-i", DhcpTopology.INTERFACE,
                "-s", scriptFile().toString(), "-x", "hostname:" + hostname, "-t", "10", "-T", "1", "-A", "1");
    }

    /**
     * udhcpc passes the reason as {@code $1} and the options as {@code $ip $subnet $mask $router $dns $domain
     * $lease $serverid $hostname}. The address goes on eth0 before the event is recorded, so that a test that saw
     * {@code bound} finds it there.
     */
    @Override
    protected String script() {
        String ip = Interop.requireIp().toString();
        return """
                #!/bin/sh
                # udhcpc's event script, written by the DHCP interop test: it configures eth0 of this namespace
                # only and records the event in %1$s.
                case "$1" in
                  bound|renew)
                    if ! %2$s -4 -o addr show dev "$interface" | grep -q " $ip/"; then
                      %2$s -4 addr flush dev "$interface"
                    fi
                    %2$s addr replace "$ip/${mask:-24}" dev "$interface"
                    ;;
                  deconfig)
                    %2$s -4 addr flush dev "$interface"
                    ;;
                esac
                {
                  echo "event=$1"
                  echo "ip=$ip"
                  echo "subnet=$subnet"
                  echo "router=$router"
                  echo "dns=$dns"
                  echo "domain=$domain"
                  echo "lease=$lease"
                  echo "serverid=$serverid"
                  echo "hostname=$hostname"
                  echo "%3$s"
                } >> "%1$s"
                """.formatted(events.file(), ip, ScriptEvents.END);
    }

    @Override
    protected boolean isBound(ScriptEvents.Event event) {
        return event.reason().equals("bound");
    }

    @Override
    protected boolean isRenewed(ScriptEvents.Event event) {
        return event.reason().equals("renew");
    }

    /** SIGUSR1: udhcpc unicasts a DHCPREQUEST to its server and runs the script with {@code renew}. */
    @Override
    public ClientLease renew(Duration timeout) throws IOException, InterruptedException {
        markSeen();
        process.signal("USR1");
        return next(this::isRenewed, "renew", timeout);
    }

    /** SIGUSR2: udhcpc unicasts DHCPRELEASE, runs the script with {@code deconfig} and waits, unbound. */
    @Override
    public void release(Duration timeout) throws IOException, InterruptedException {
        markSeen();
        process.signal("USR2");
        awaitEvent(event -> event.reason().equals("deconfig"), "deconfig after release", timeout);
    }
}
