package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.HostPort;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pool of upstream servers (nginx's {@code upstream}, HAProxy's {@code backend}).
 *
 * @param servers   the servers; backups take traffic only when no primary can
 * @param balance   how a server is picked
 * @param hash      what {@code hash} and {@code maglev} hash on; the client address by default
 * @param keepalive idle connections kept open to the servers, per event loop
 * @param timeouts  connect, response-header and idle timeouts
 * @param retries   further tries on another server, for requests that are safe to repeat or never reached one
 * @param health    active health checks of the servers; absent = none, every server is always available
 * @param sendProxy a PROXY protocol header at the start of each new connection (HAProxy's {@code send-proxy},
 *                  {@code send-proxy-v2}); absent = none. A kept-alive connection carries the header of the
 *                  client that opened it, as in HAProxy
 * @param tls       TLS to the servers (HTTPS upstreams); absent = plain HTTP
 * @param outlierDetection passive health checking: servers that fail real requests are put aside for a
 *                  while; absent = none
 * @param slowStart how long a server that comes back (from DOWN, ejected, MAINT or DRAIN) takes to get its
 *                  full share of requests, growing from a tenth to all of it (HAProxy's {@code slowstart});
 *                  0 = at once
 */
public record UpstreamConfig(
        List<ServerConfig> servers,
        @Default("round_robin") Balance balance,
        Optional<HashConfig> hash,
        KeepaliveConfig keepalive,
        TimeoutsConfig timeouts,
        @Default("1") int retries,
        Optional<ProxyProtocolVersion> sendProxy,
        Optional<UpstreamTlsConfig> tls,
        Optional<HealthConfig> health,
        Optional<OutlierDetectionConfig> outlierDetection,
        @Default("0s") Duration slowStart) implements Checked {

    public UpstreamConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(sendProxy, "sendProxy");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(outlierDetection, "outlierDetection");
        Objects.requireNonNull(slowStart, "slowStart");
    }

    /** The PROXY protocol versions: {@code v1} is a text line, {@code v2} binary. */
    public enum ProxyProtocolVersion { V1, V2 }

    /**
     * Load-balancing policies. Weights count in every one of them.
     * <ul>
     *   <li>{@code round_robin}: smooth weighted round robin, as nginx's default;</li>
     *   <li>{@code least_conn}: fewest open requests relative to weight;</li>
     *   <li>{@code p2c}: the less loaded of two servers picked at random (power of two choices);</li>
     *   <li>{@code random}: weighted random;</li>
     *   <li>{@code hash}: a consistent-hash ring on {@link HashConfig#key()};</li>
     *   <li>{@code maglev}: Maglev consistent hashing, evener spread and minimal disruption.</li>
     * </ul>
     */
    public enum Balance { ROUND_ROBIN, LEAST_CONN, P2C, RANDOM, HASH, MAGLEV }

    @Override
    public void check(Checks checks) {
        checks.key("servers").require(!servers.isEmpty(), "an upstream needs at least one server",
                "servers: [{ address: 127.0.0.1:8081 }]");
        checks.key("servers").require(servers.isEmpty() || servers.stream().anyMatch(s -> !s.backup()),
                "every server is a backup; at least one must be a primary", "a server without backup: true");
        Set<HostPort> addresses = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            // The admin API, the stats page and the metrics name a server by its address within its pool.
            checks.key("servers").index(i).key("address").require(addresses.add(servers.get(i).address()),
                    servers.get(i).address() + " is listed twice in this pool", "each server once; use weight for a bigger share");
        }
        checks.key("slow_start").require(!slowStart.isNegative() && slowStart.compareTo(Duration.ofHours(1)) <= 0,
                "slow_start must be 0..1h", "such as 30s");
        checks.key("retries").require(retries >= 0 && retries <= 10, "retries must be 0..10", "such as 1");
        hash.ifPresent(h -> checks.key("hash").require(balance == Balance.HASH || balance == Balance.MAGLEV,
                "hash is used only with balance: hash or maglev", "balance: hash"));
    }
}
