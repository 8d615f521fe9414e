package io.edgeplane.dns.server;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.dns.DnsCacheConfig;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.config.dns.DnsForwardConfig;
import io.edgeplane.config.dns.DnsRateLimitConfig;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.core.stats.LatencyWindow;
import io.edgeplane.core.stats.RateSampler;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.core.transport.ListenPlan;
import io.edgeplane.core.transport.ListeningSockets;
import io.edgeplane.dns.cache.AnswerCache;
import io.edgeplane.dns.cache.CacheSettings;
import io.edgeplane.dns.forward.ForwardSettings;
import io.edgeplane.dns.forward.Forwarder;
import io.edgeplane.dns.stats.DnsStats;
import io.edgeplane.dns.zone.DynamicHosts;
import io.edgeplane.dns.zone.HostsFile;
import io.edgeplane.dns.zone.LocalZone;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server (dnsmasq's DNS side): UDP and TCP on every {@code dns.listen} address, answering from the
 * local zone, and from the upstreams through the cache. A reload builds the new zone and access list off the request path, re-reads the hosts files,
 * keeps the sockets of addresses that stay, binds new ones before closing old ones, and swaps what answers
 * in one volatile write; a reload that cannot bind or read a file changes nothing.
 */
public final class DnsService implements Service {

    private static final Logger log = LoggerFactory.getLogger(DnsService.class);
    /** RFC 7766 §6.2.3: servers close idle TCP connections after a few seconds. */
    private static final int TCP_IDLE_SECONDS = 10;
    /** The key the query count and latency are sampled under. */
    private static final String QUERIES = "queries";
    /** The socket's kernel receive buffer. */
    private static final int RECEIVE_BUFFER = 4 << 20;
    /**
     * The largest UDP query read whole. Queries are a question and an OPT record, tens of bytes; 2 KiB leaves
     * room for options. (It bounds the query, not the answer: answers follow the client's EDNS size.)
     */
    private static final int MAX_QUERY = 2048;
    /**
     * Datagrams read per system call, with recvmmsg, into one buffer of 32 KiB (which the pooled allocator's
     * thread caches keep).
     */
    private static final int BATCH = 16;

    private final EventLoops eventLoops;
    private final LongSupplier nanos;
    private final DnsMeters meters;
    private final ForwardMeters forwardMeters;
    private final ForwardedAnswers.ReplyCounts replyCounts = new ForwardedAnswers.ReplyCounts();
    private final DynamicHosts dynamic = new DynamicHosts();
    private final QueryAnswerer answerer;
    private final ChannelGroup tcpConnections = new DefaultChannelGroup("dns-tcp", ImmediateEventExecutor.INSTANCE);
    private volatile DnsRuntime runtime;
    private volatile LocalZone zone;
    private final RateSampler rates = new RateSampler();
    private final LatencyWindow latencies = new LatencyWindow();
    private long samples;
    /** Feeds the stats' query rate and latency window once a second while the service runs. */
    private volatile ScheduledFuture<?> sampling;
    /** The bound sockets by listen address: a UDP and a TCP one each. */
    private volatile Map<HostPort, Sockets> sockets = Map.of();

    /**
     * @param nanos the monotonic clock cached TTLs, upstream round trips and rate limits are measured on, as
     *              {@link System#nanoTime()} reads it
     */
    public DnsService(EventLoops eventLoops, MeterRegistry registry, LongSupplier nanos) {
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.meters = new DnsMeters(Objects.requireNonNull(registry, "registry"));
        this.forwardMeters = new ForwardMeters(registry, () -> {
            DnsRuntime now = runtime;
            return now == null ? null : now.upstreams();
        });
        this.answerer = new QueryAnswerer(() -> runtime, meters, nanos);
    }

    public DnsService(EventLoops eventLoops, MeterRegistry registry) {
        this(eventLoops, registry, System::nanoTime);
    }

    /** Where other services (DHCP's leases) add and remove names at runtime; it outlives reloads. */
    public HostRegistry hosts() {
        return dynamic;
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        DnsConfig dns = config.dns().orElseThrow(() -> new IllegalStateException("the dns service runs only with a dns section"));
        List<HostsFile.Entry> fileHosts = new ArrayList<>();
        for (String file : dns.hostsFiles()) {
            try {
                HostsFile parsed = HostsFile.read(Path.of(file));
                if (parsed.skippedLines() > 0) {
                    log.warn("dns: {}: {} line(s) skipped (not an address followed by names)", file, parsed.skippedLines());
                }
                fileHosts.addAll(parsed.entries());
            } catch (IOException e) {
                throw new ServiceException("dns: cannot read hosts file " + file + ": " + e.getMessage(), e);
            }
        }
        LocalZone zone = LocalZone.build(dns, fileHosts, dynamic);
        zone.warnings().forEach(warning -> log.warn("dns: {}", warning));
        AccessList access = new AccessList(dns.allow().isEmpty() ? OwnNetworks.now() : dns.allow(), dns.deny());
        ForwardedAnswers upstreams = upstreams(dns);
        boolean forwarding = upstreams != null;
        DnsRuntime next = new DnsRuntime(access,
                new Responder(zone, new Responder.ForwardPolicy(forwarding, dns.domainNeeded(), dns.bogusPriv())),
                new ResponseWriter(dns.udpPayload(), forwarding), upstreams, rateLimit(dns.rateLimiting()),
                rateLimitExempt(dns.rateLimiting()));
        ListenPlan<Sockets> plan = ListenPlan.of(sockets, dns.listen(), this::bind, Sockets::close);
        if (runtime == null) {
            // New sockets answer as soon as they are bound, before the commit: with this config's data.
            runtime = next;
        }
        return new Transition() {
            @Override
            public void commit() {
                DnsRuntime previousRuntime = runtime;
                runtime = next;
                forwardMeters.track(forwarding ? upstreams.forwarder() : null);
                if (forwarding && previousRuntime != null && previousRuntime.upstreams() != null
                        && previousRuntime.upstreams().cache() == upstreams.cache()) {
                    // dnsmasq empties its cache on SIGHUP too: a reload is how an operator says the world changed.
                    upstreams.cache().flush();
                }
                DnsService.this.zone = zone;
                if (sampling == null) {
                    sampling = eventLoops.group().next().scheduleAtFixedRate(DnsService.this::sampleSafely, 1, 1,
                            TimeUnit.SECONDS);
                }
                Map<HostPort, Sockets> previous = sockets;
                sockets = plan.sockets();
                plan.closeDropped(previous, Sockets::close);
                plan.bound().forEach(s -> log.info("dns: listening on {} (udp and tcp)", s.describe()));
            }

            @Override
            public void abort() {
                plan.bound().forEach(Sockets::close);
            }
        };
    }

    /** The upstreams and cache of {@code dns}: the running ones where their settings did not change; null for none. */
    private ForwardedAnswers upstreams(DnsConfig dns) {
        DnsForwardConfig forward = dns.forwarding();
        if (!forward.configured()) {
            return null;
        }
        UpstreamList list = UpstreamList.of(forward, dns.listen());
        list.warnings().forEach(warning -> log.warn("dns: {}", warning));
        if (list.servers().isEmpty()) {
            log.warn("dns: dns.forward names no upstream server that can be asked; names without local data are refused");
            return null;
        }
        ForwardSettings settings = new ForwardSettings(list.servers(),
                forward.strategy() == DnsForwardConfig.Strategy.STRICT_ORDER ? ForwardSettings.Strategy.STRICT_ORDER
                        : ForwardSettings.Strategy.FASTEST,
                forward.timeout(), forward.attempts(), forward.maxInFlight(), forward.randomizeCase());
        DnsCacheConfig cacheConfig = dns.caching();
        CacheSettings cacheSettings = new CacheSettings(cacheConfig.size(), cacheConfig.minTtl(), cacheConfig.maxTtl(),
                cacheConfig.maxNegativeTtl());
        DnsRuntime now = runtime;
        ForwardedAnswers running = now == null ? null : now.upstreams();
        Forwarder forwarder = running != null && running.forwarder().settings().equals(settings) ? running.forwarder()
                : new Forwarder(settings, eventLoops, nanos);
        AnswerCache cache = running != null && running.cache().settings().equals(cacheSettings) ? running.cache()
                : new AnswerCache(cacheSettings, nanos);
        return new ForwardedAnswers(forwarder, cache, replyCounts);
    }

    private static RateLimitSettings rateLimit(DnsRateLimitConfig config) {
        return new RateLimitSettings(config.responsesPerSecond(),
                config.burst() == 0 ? config.responsesPerSecond() : config.burst(), config.slip(), config.ipv4Prefix(),
                config.ipv6Prefix());
    }

    /** Loopback is never limited: it cannot be spoofed from outside (the kernel drops such martians). */
    private static List<Cidr> rateLimitExempt(DnsRateLimitConfig config) {
        List<Cidr> exempt = new ArrayList<>(ResponseRateLimiter.LOOPBACK);
        exempt.addAll(config.exempt());
        return exempt;
    }

    private Sockets bind(HostPort address) throws ServiceException {
        InetSocketAddress where = address.toSocketAddress();
        ChannelFuture tcp = new ServerBootstrap()
                .group(eventLoops.group())
                .channel(eventLoops.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        tcpConnections.add(channel);
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, TCP_IDLE_SECONDS, TimeUnit.SECONDS),
                                new LengthFieldBasedFrameDecoder(QueryAnswerer.TCP_LIMIT, 0, 2, 0, 2),
                                new LengthFieldPrepender(2),
                                new TcpQueryHandler(answerer));
                    }
                })
                .bind(where).awaitUninterruptibly();
        if (!tcp.isSuccess()) {
            throw new ServiceException("dns: cannot listen on " + address + " (tcp): " + ListeningSockets.bindFailure(tcp.cause()),
                    tcp.cause());
        }
        // The same port for UDP as TCP got, even when the config said 0 (tests).
        InetSocketAddress tcpAddress = (InetSocketAddress) tcp.channel().localAddress();
        Bootstrap udpBootstrap = new Bootstrap()
                .group(eventLoops.group())
                .channel(eventLoops.datagramChannelType())
                // Room for a burst of queries while the loop is busy answering the previous one.
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER);
        if (eventLoops.transportName().equals("epoll")) {
            // recvmmsg: a read fetches up to BATCH datagrams in one system call, each at most MAX_QUERY bytes.
            // The pooled allocator: the adaptive one (Netty's default) allocates and zeroes a buffer of a batch's
            // size afresh on every read, which profiling showed as a seventh of the server's CPU.
            udpBootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_QUERY * BATCH))
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        }
        ChannelFuture udp = udpBootstrap
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(new UdpQueryHandler(answerer));
                    }
                })
                .bind(new InetSocketAddress(where.getAddress(), tcpAddress.getPort())).awaitUninterruptibly();
        if (!udp.isSuccess()) {
            tcp.channel().close().awaitUninterruptibly();
            throw new ServiceException("dns: cannot listen on " + address + " (udp): " + ListeningSockets.bindFailure(udp.cause()),
                    udp.cause());
        }
        return new Sockets(udp.channel(), tcp.channel());
    }

    /** One listen address's two sockets. */
    private record Sockets(Channel udp, Channel tcp) {
        void close() {
            udp.close().awaitUninterruptibly();
            tcp.close().awaitUninterruptibly();
        }

        String describe() {
            return ListeningSockets.hostPort((InetSocketAddress) tcp.localAddress());
        }

        boolean active() {
            return udp.isActive() && tcp.isActive();
        }
    }

    /** A periodic task that throws is never run again: a failed sample is skipped, the next one tried. */
    private void sampleSafely() {
        try {
            rates.sample(sink -> sink.accept(QUERIES, meters.total()));
            if (samples++ % LatencyWindow.STEP == 0) {
                latencies.sample(Map.of(QUERIES, List.of(meters.duration())));
            }
            DnsRuntime now = runtime;
            if (now != null && now.upstreams() != null) {
                // Expired answers are otherwise only removed when their name is asked again.
                now.upstreams().cache().cleanUp();
            }
        } catch (RuntimeException e) {
            log.warn("dns: sampling the query counts (or cleaning the cache) failed: {}", e.toString());
        }
    }

    /** Empties the cache of forwarded answers (the admin API's flush); returns how many answers it held. */
    public long flushCache() {
        DnsRuntime now = runtime;
        if (now == null || now.upstreams() == null) {
            return 0;
        }
        long held = now.upstreams().cache().size();
        now.upstreams().cache().flush();
        return held;
    }

    /** The server's state and counters now, for the admin API and the stats page. */
    public DnsStats stats() {
        DnsMeters.Counts counts = meters.counts();
        LocalZone current = zone;
        return new DnsStats(sockets.values().stream().map(Sockets::describe).toList(),
                current == null ? 0 : current.size(), dynamic.size(), counts.total(), rates.rate(QUERIES),
                counts.byRcode(), counts.byType(), meters.refusedClients(), meters.dropped(), meters.malformed(),
                meters.truncatedCount(), meters.rateLimitedCount(), latencies.percentiles(QUERIES, List.of(meters.duration())),
                forwardingStats());
    }

    private DnsStats.Forwarding forwardingStats() {
        DnsRuntime now = runtime;
        return now == null || now.upstreams() == null ? DnsStats.Forwarding.OFF : now.upstreams().stats();
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        ScheduledFuture<?> sampled = sampling;
        if (sampled != null) {
            sampled.cancel(false);
        }
        Map<HostPort, Sockets> stopping = sockets;
        sockets = Map.of();
        stopping.values().forEach(Sockets::close);
        // A DNS answer takes microseconds: what TCP connections remain are idle; they go now.
        tcpConnections.close().awaitUninterruptibly();
        meters.close();
        forwardMeters.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Health health() {
        Map<HostPort, Sockets> current = sockets;
        for (Sockets s : current.values()) {
            if (!s.active()) {
                return Health.down("not listening on " + s.describe());
            }
        }
        return current.isEmpty() ? Health.down("not listening") : Health.up(current.size() + " address(es)");
    }

    @Override
    public List<String> endpoints() {
        return sockets.values().stream().map(s -> "dns://" + s.describe() + " (udp and tcp)").toList();
    }
}
