package io.edgeplane.config.ntp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.TimeServer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The NTP client and server: chrony's job. The client synchronises a clock to {@code servers} and
 * {@code pools}; the server answers NTP requests on every {@code listen} address, from the networks in
 * {@code allow} only. As in chrony, no {@code allow} means no client is answered, loopback included; a node
 * with no {@code listen} is a client only, and one with no servers or pools serves its own clock (with
 * {@code local_stratum}).
 *
 * @param listen         the UDP addresses the server binds; empty = no server, the client alone runs
 *                       (chrony's {@code bindaddress} and {@code port})
 * @param allow          client networks answered (chrony's {@code allow}); empty = none
 * @param deny           client networks refused inside the allowed ones (chrony's {@code deny}); between
 *                       {@code allow} and {@code deny}, the longest matching prefix wins, {@code deny} on a tie
 * @param servers        single NTP servers to synchronise to (chrony's {@code server})
 * @param pools          pools of NTP servers behind one name (chrony's {@code pool})
 * @param localStratum   serve the local clock as synchronised at this stratum when no source is usable
 *                       (chrony's {@code local stratum N}); absent = clients are told the clock is unsynchronised
 * @param localAfterSync serve the local clock only once it has been synchronised to a source at least once,
 *                       so a node that starts cold never hands out a wrong time (chrony's {@code local} with
 *                       {@code activate})
 * @param rateLimit      per-client response rate limiting (chrony's {@code ratelimit}); absent = none, as in chrony
 * @param driftFile      where the clock's measured frequency error is kept across restarts (chrony's
 *                       {@code driftfile}); absent = it is measured afresh on every start
 * @param discipline     which clock is steered: {@code none} keeps edgeplane's own time scale over the system
 *                       clock and leaves the system clock alone (like {@code chronyd -x}); {@code system} adjusts
 *                       the system clock, which needs CAP_SYS_TIME
 * @param makestep       when the clock is stepped instead of slewed (chrony's {@code makestep})
 */
public record NtpConfig(
        List<HostPort> listen,
        List<Cidr> allow,
        List<Cidr> deny,
        List<NtpServerConfig> servers,
        List<NtpPoolConfig> pools,
        Optional<Integer> localStratum,
        @Default("false") boolean localAfterSync,
        Optional<NtpRateLimitConfig> rateLimit,
        Optional<String> driftFile,
        @Default("none") Discipline discipline,
        NtpMakestepConfig makestep) implements Checked {

    /** Which clock the NTP client steers. */
    public enum Discipline {
        /** edgeplane's own time scale, an offset and frequency over the system clock; the system clock is left alone. */
        NONE,
        /** The system clock itself (adjtimex); needs CAP_SYS_TIME. */
        SYSTEM
    }

    /** chrony's bounds of {@code local stratum}. */
    public static final int MIN_LOCAL_STRATUM = 1;
    public static final int MAX_LOCAL_STRATUM = 15;

    public NtpConfig {
        listen = List.copyOf(listen);
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        servers = List.copyOf(servers);
        pools = List.copyOf(pools);
        Objects.requireNonNull(localStratum, "localStratum");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(driftFile, "driftFile");
        Objects.requireNonNull(discipline, "discipline");
        Objects.requireNonNull(makestep, "makestep");
    }

    /** Whether this node answers NTP clients. */
    public boolean serves() {
        return !listen.isEmpty();
    }

    /** Whether this node synchronises to other NTP servers. */
    public boolean synchronises() {
        return !servers.isEmpty() || !pools.isEmpty();
    }

    @Override
    public void check(Checks checks) {
        checks.require(serves() || synchronises(), "the ntp section has nothing to do: no servers or pools to "
                        + "synchronise to, and no listen address to serve time on",
                "pools: [pool.ntp.org], or listen: [0.0.0.0:123] with allow: [192.168.77.0/24]");
        checkListen(checks);
        checkNetworks(checks);
        checkSources(checks);
        localStratum.ifPresent(stratum -> checks.key("local_stratum").require(
                stratum >= MIN_LOCAL_STRATUM && stratum <= MAX_LOCAL_STRATUM,
                "local_stratum must be " + MIN_LOCAL_STRATUM + ".." + MAX_LOCAL_STRATUM,
                "10, as chrony's local stratum 10: above any real server in the network"));
        if (localAfterSync) {
            checks.key("local_after_sync").require(localStratum.isPresent(),
                    "local_after_sync needs local_stratum: it holds back serving the local clock, which only "
                            + "local_stratum turns on", "local_stratum: 10");
            checks.key("local_after_sync").require(synchronises(),
                    "local_after_sync without servers or pools would never serve: nothing can synchronise the clock",
                    "pools: [pool.ntp.org], or local_after_sync: false");
        }
        driftFile.ifPresent(path -> checks.key("drift_file").require(!path.isBlank(), "the path is empty",
                "such as /var/lib/edgeplane/ntp.drift"));
    }

    private void checkListen(Checks checks) {
        Set<HostPort> seen = new HashSet<>();
        for (int i = 0; i < listen.size(); i++) {
            HostPort address = listen.get(i);
            checks.key("listen").index(i).require(address.isIpLiteral(),
                    "the NTP server binds an address, not the name '" + address.host() + "'",
                    "such as 0.0.0.0:123, 127.0.0.1:123 or [::1]:123");
            checks.key("listen").index(i).require(seen.add(address), address + " is listed twice", "each address once");
        }
    }

    private void checkNetworks(Checks checks) {
        if (serves()) {
            checks.key("allow").require(!allow.isEmpty(), "no client may ask: as in chrony, the server answers only "
                    + "the networks in allow, loopback included", "such as allow: [127.0.0.1, 192.168.77.0/24]");
        } else {
            String unused = " has no effect without listen: this node serves no time";
            String expected = "listen: [0.0.0.0:123] to serve time, or leave it out for a client only";
            checks.key("allow").require(allow.isEmpty(), "allow" + unused, expected);
            checks.key("deny").require(deny.isEmpty(), "deny" + unused, expected);
            checks.key("rate_limit").require(rateLimit.isEmpty(), "rate_limit" + unused, expected);
            checks.key("local_stratum").require(localStratum.isEmpty(), "local_stratum" + unused, expected);
        }
        Set<Cidr> allowed = new HashSet<>();
        for (int i = 0; i < allow.size(); i++) {
            checks.key("allow").index(i).require(allowed.add(allow.get(i)), allow.get(i) + " is listed twice",
                    "each network once");
        }
        Set<Cidr> denied = new HashSet<>();
        for (int i = 0; i < deny.size(); i++) {
            Cidr network = deny.get(i);
            if (checks.key("deny").index(i).require(denied.add(network), network + " is listed twice", "each network once")) {
                checks.key("deny").index(i).require(!allowed.contains(network), network + " is in both allow and deny",
                        "one of them; deny a smaller network inside an allowed one, such as 192.168.77.0/24 "
                                + "allowed and 192.168.77.128/25 denied");
            }
        }
    }

    private void checkSources(Checks checks) {
        Set<TimeServer> seen = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            TimeServer address = servers.get(i).address();
            checks.key("servers").index(i).key("address").require(seen.add(address), address + " is listed twice",
                    "each server once");
        }
        for (int i = 0; i < pools.size(); i++) {
            TimeServer name = pools.get(i).name();
            checks.key("pools").index(i).key("name").require(seen.add(name),
                    name + " is listed twice" + (servers.stream().anyMatch(s -> s.address().equals(name))
                            ? ", as a server and as a pool" : ""),
                    "each server or pool once");
        }
    }
}
