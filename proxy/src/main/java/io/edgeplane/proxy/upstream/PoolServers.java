package io.edgeplane.proxy.upstream;

import io.edgeplane.config.proxy.HealthConfig;
import io.edgeplane.config.proxy.UpstreamConfig;
import io.edgeplane.proxy.balance.LoadBalancer;
import io.edgeplane.proxy.balance.LoadBalancers;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.observe.PoolMeters;
import io.edgeplane.proxy.observe.ServerStates;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.StateChange;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's servers as the request path and operators see them: each server's {@link ServerStatus}, the
 * balancer over them (rebuilt and published whole when an operator changes a weight, since most policies
 * precompute tables from the weights), and outlier detection, which hears every answer and failed attempt.
 */
public final class PoolServers {

    private static final Logger log = LoggerFactory.getLogger(PoolServers.class);

    private final String pool;
    private final UpstreamConfig.Balance policy;
    private final PoolMeters meters;
    private final List<UpstreamServer> servers;
    private final List<ServerStatus> statuses;
    private final Map<String, ServerStatus> byName;
    /** Null for a pool without outlier detection. */
    private final OutlierDetector outliers;
    private final ServerStates states = new ServerStates() {
        @Override
        public ServerState state(int server) {
            return statuses.get(server).state();
        }

        @Override
        public long ejections(int server) {
            return statuses.get(server).ejections();
        }

        @Override
        public long checks(int server, boolean passed) {
            return statuses.get(server).checks(passed);
        }
    };
    private volatile LoadBalancer balancer;

    PoolServers(String pool, UpstreamConfig config, List<UpstreamServer> servers, PoolMeters meters, Clock clock) {
        this.pool = pool;
        this.policy = config.balance();
        this.meters = meters;
        this.servers = List.copyOf(servers);
        this.balancer = LoadBalancers.create(policy, this.servers);
        int fall = config.health().map(HealthConfig::fall).orElse(0);
        int rise = config.health().map(HealthConfig::rise).orElse(0);
        ServerStatus.Listener listener = this::stateChanged;
        this.statuses = this.servers.stream()
                .map(server -> new ServerStatus(server, clock, config.slowStart().toNanos(), fall, rise, listener))
                .toList();
        Map<String, ServerStatus> named = new LinkedHashMap<>();
        statuses.forEach(status -> named.put(status.server().addressText(), status));
        this.byName = Collections.unmodifiableMap(named);
        this.outliers = config.outlierDetection().map(outlier -> new OutlierDetector(outlier, statuses, System::nanoTime))
                .orElse(null);
    }

    private void stateChanged(ServerStatus status, StateChange change) {
        UpstreamServer server = status.server();
        if (change.to() == ServerState.UP) {
            log.info("proxy: pool {}: server {} is UP (was {}): {}", pool, server.address(), change.from(), change.reason());
        } else {
            log.warn("proxy: pool {}: server {} is {} (was {}): {}", pool, server.address(), change.to(), change.from(),
                    change.reason());
        }
        meters.stateChanged(server, change.to());
    }

    /** The balancer now; read it once per pick, as an operator's weight replaces it. */
    public LoadBalancer balancer() {
        return balancer;
    }

    /** The servers, in config order. */
    public List<UpstreamServer> list() {
        return servers;
    }

    /** Each server's state, in config order. */
    public List<ServerStatus> statuses() {
        return statuses;
    }

    /** The server whose configured address is {@code name} ({@code 10.0.0.5:8080}), if the pool has one. */
    public Optional<ServerStatus> status(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Gives {@code server} a new weight and the pool a balancer that uses it. Requests in flight are not
     * affected; the next pick is.
     *
     * @throws IllegalArgumentException unless {@code weight} is 1..1000
     */
    public synchronized void setWeight(UpstreamServer server, int weight) {
        server.setWeight(weight);
        balancer = LoadBalancers.create(policy, servers);
    }

    /** The servers' states as the pool's meters read them; one object for the pool's life (meters hold it weakly). */
    public ServerStates states() {
        return states;
    }

    /** Servers that outlier detection has out now. */
    public int ejectedNow() {
        return outliers == null ? 0 : outliers.ejectedNow();
    }

    /**
     * {@code server} answered a request with {@code status}: counted, and heard by outlier detection.
     *
     * @param loop the event loop that saw it, where an ejection's end is scheduled
     */
    public void answered(UpstreamServer server, int status, long bytesToServer, long bytesFromServer,
                         long responseNanos, EventExecutor loop) {
        server.recordAnswer(status, bytesToServer, bytesFromServer);
        meters.answered(server, status, responseNanos);
        int fiveXx = server.record5xx(status >= 500 && status <= 599);
        if (outliers != null && fiveXx > 0) {
            outliers.answered(server.index(), fiveXx, loop);
        }
    }

    /** An attempt on {@code server} failed (connect error, lost connection, response timeout). */
    public void failed(UpstreamServer server, EventExecutor loop) {
        int inARow = server.recordFailure();
        if (outliers != null) {
            outliers.failed(server.index(), inARow, loop);
        }
    }

    /** Takes over what {@code previous}, the servers of the pool a reload replaces, knew of the same servers. */
    synchronized void inherit(PoolServers previous) {
        for (ServerStatus status : statuses) {
            previous.status(status.server().addressText()).ifPresent(status::inherit);
        }
        // Inherited weights: a balancer that uses them.
        balancer = LoadBalancers.create(policy, servers);
    }
}
