package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.HostPort;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How upstream server names are looked up and kept fresh (nginx's {@code resolver}, HAProxy's
 * {@code resolvers}). Names are resolved when a pool is built and again whenever their records' TTL runs
 * out, so a server that moves to another address is followed without a reload.
 *
 * @param servers the name servers to ask, as {@code ip:port}; empty = the {@code nameserver}s of
 *                {@code /etc/resolv.conf}
 * @param valid   how long an answer is used before the name is asked again, in place of the records' own
 *                TTL (nginx's {@code valid=}); absent = the TTL, kept within {@link #MIN_TTL}..{@link #MAX_TTL}
 * @param timeout how long one query waits for an answer before the next server (or a retry) is tried
 */
public record ResolverConfig(List<HostPort> servers, Optional<Duration> valid, @Default("5s") Duration timeout)
        implements Checked {

    /** The shortest time an answer is kept: a TTL of 0 must not turn into a query per request. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** The longest time an answer is kept, however long its TTL (hosts-file entries count as one day). */
    public static final Duration MAX_TTL = Duration.ofHours(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    public ResolverConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The defaults: the system's name servers, the records' TTLs, 5 s per query. */
    public static ResolverConfig defaults() {
        return new ResolverConfig(List.of(), Optional.empty(), Duration.ofSeconds(5));
    }

    @Override
    public void check(Checks checks) {
        for (int i = 0; i < servers.size(); i++) {
            HostPort server = servers.get(i);
            Checks at = checks.key("servers").index(i);
            if (at.require(server.isIpLiteral(), "a name server is given by its address, not the name '" + server.host() + "'",
                    "an IP address and port such as 127.0.0.11:53")) {
                at.require(server.port() > 0, "a name server needs a port other than 0", "such as 127.0.0.11:53");
            }
        }
        valid.ifPresent(v -> checks.key("valid").require(v.compareTo(MIN_TTL) >= 0 && v.compareTo(MAX_TTL) <= 0,
                "valid must be between 1s and 1h", "such as 30s"));
        checks.key("timeout").require(!timeout.isZero() && timeout.compareTo(MAX_TIMEOUT) <= 0,
                "timeout must be above 0 and at most 1m", "such as 5s");
    }
}
