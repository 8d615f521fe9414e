package io.edgeplane.ntp.server;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.ntp.NtpConfig;
import io.edgeplane.config.ntp.NtpRateLimitConfig;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.core.transport.ListenPlan;
import io.edgeplane.core.transport.ListeningSockets;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NTP server (chrony's serving side): UDP on the configured addresses, clients in {@code allow} (and not
 * in {@code deny}) answered within their rate limit. Until edgeplane synchronises to upstreams itself, what it
 * serves is the system clock: at {@code local_stratum} when that is set (chrony's {@code local stratum N}),
 * else as unsynchronised (leap alarm, stratum 16), which every client ignores. {@code local_after_sync}
 * waits for a first synchronisation, which this build never reaches, so it serves unsynchronised too.
 * A reload rebinds only the addresses that changed and keeps the clients' rate-limit counts where the limits
 * stay the same.
 */
public final class NtpService implements Service {

    private static final Logger log = LoggerFactory.getLogger(NtpService.class);

    /**
     * How often the advertised state is rebuilt: a served local clock's reference time follows "now" (a
     * client compares it with the transmit time only), so a few seconds of staleness change nothing.
     */
    private static final long STATE_REFRESH_SECONDS = 16;

    private final EventLoops eventLoops;
    private final InstantSource wallClock;
    private final LongSupplier nanos;
    private final NtpMeters meters;
    private volatile NtpRuntime runtime;
    private volatile ServingPolicy policy = ServingPolicy.UNSYNCHRONISED;
    private volatile ServerState state = ServerState.unsynchronised();
    private volatile Map<HostPort, Channel> sockets = Map.of();
    private volatile ScheduledFuture<?> refresh;

    /**
     * @param wallClock the clock served, read for each request's receive and transmit times
     * @param nanos     the monotonic clock rate limits count on, as {@link System#nanoTime()}
     */
    public NtpService(EventLoops eventLoops, MeterRegistry registry, InstantSource wallClock, LongSupplier nanos) {
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.meters = new NtpMeters(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public String name() {
        return "ntp";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        NtpConfig ntp = config.ntp().orElseThrow(() -> new ServiceException("ntp: the config has no ntp section"));
        NtpRuntime next = new NtpRuntime(new NtpAccess(ntp.allow(), ntp.deny()), ntp.rateLimit().map(NtpService::limits).orElse(null));
        ServingPolicy nextPolicy = ServingPolicy.of(ntp);
        ListenPlan<Channel> plan = ListenPlan.of(sockets, ntp.listen(), this::bind, NtpService::close);
        if (runtime == null) {
            // New sockets answer as soon as they are bound, before the commit: with this config's rules.
            runtime = next;
        }
        return new Transition() {
            @Override
            public void commit() {
                runtime = next;
                policy = nextPolicy;
                refreshState();
                if (refresh == null) {
                    refresh = eventLoops.group().next().scheduleAtFixedRate(NtpService.this::refreshState,
                            STATE_REFRESH_SECONDS, STATE_REFRESH_SECONDS, TimeUnit.SECONDS);
                }
                Map<HostPort, Channel> previous = sockets;
                sockets = plan.sockets();
                plan.closeDropped(previous, NtpService::close);
                plan.bound().forEach(channel -> log.info("ntp: serving on {} (udp), {}", describe(channel), nextPolicy.describe()));
            }

            @Override
            public void abort() {
                plan.bound().forEach(NtpService::close);
            }
        };
    }

    private static NtpRateLimiter.Settings limits(NtpRateLimitConfig config) {
        // The table is a power of two in size: the configured size rounded up.
        int slots = Math.max(4, Integer.highestOneBit(Math.max(1, config.tableSize() - 1)) << 1);
        return new NtpRateLimiter.Settings(config.interval(), config.burst(), config.leak(), 0, 32, 64,
                Math.min(slots, 1 << 24));
    }

    private void refreshState() {
        try {
            state = policy.advertised(NtpServerHandler.unixNanos(wallClock));
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: keep the last state and try next time.
            log.warn("ntp: refreshing the advertised state failed: {}", e.toString());
        }
    }

    private Channel bind(HostPort address) throws ServiceException {
        InetSocketAddress where = address.toSocketAddress();
        ChannelFuture udp = new Bootstrap()
                .group(eventLoops.group())
                .channel(eventLoops.datagramChannelType())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(new NtpServerHandler(() -> runtime, () -> state, wallClock, nanos, meters));
                    }
                })
                .bind(where).awaitUninterruptibly();
        if (!udp.isSuccess()) {
            throw new ServiceException("ntp: cannot listen on " + address + " (udp): "
                    + ListeningSockets.bindFailure(udp.cause()), udp.cause());
        }
        return udp.channel();
    }

    /** Replies sent and datagrams dropped so far, for tests and the stats. */
    public NtpCounts counts() {
        Map<String, Long> replies = new LinkedHashMap<>();
        for (Answer.Reply.Kind kind : Answer.Reply.Kind.values()) {
            replies.put(kind.name().toLowerCase(Locale.ROOT), meters.repliesSent(kind));
        }
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.name().toLowerCase(Locale.ROOT), meters.droppedCount(reason));
        }
        return new NtpCounts(replies, dropped, state.wireStratum(), state.synchronised());
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        ScheduledFuture<?> refreshing = refresh;
        if (refreshing != null) {
            refreshing.cancel(false);
        }
        Map<HostPort, Channel> stopping = sockets;
        sockets = Map.of();
        // A reply takes microseconds: there is no work in flight worth a grace period.
        stopping.values().forEach(NtpService::close);
        meters.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Health health() {
        Map<HostPort, Channel> current = sockets;
        for (Channel channel : current.values()) {
            if (!channel.isActive()) {
                return Health.down("not listening on " + describe(channel));
            }
        }
        return current.isEmpty() ? Health.down("not listening") : Health.up(current.size() + " address(es), " + policy.describe());
    }

    @Override
    public List<String> endpoints() {
        return sockets.values().stream().map(channel -> "ntp://" + describe(channel) + " (udp)").toList();
    }

    private static void close(Channel channel) {
        channel.close().awaitUninterruptibly();
    }

    private static String describe(Channel channel) {
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
