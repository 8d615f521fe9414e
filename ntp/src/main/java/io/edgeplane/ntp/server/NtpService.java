package io.edgeplane.ntp.server;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.ntp.NtpConfig;
import io.edgeplane.config.ntp.NtpRateLimitConfig;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.os.PosixClocks;
import io.edgeplane.core.os.udp.UdpSocket;
import io.edgeplane.core.os.udp.UdpSockets;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.core.transport.ListenPlan;
import io.edgeplane.core.transport.ListeningSockets;
import io.edgeplane.ntp.client.NtpClient;
import io.edgeplane.ntp.client.SourceAddresses;
import io.edgeplane.ntp.clock.ClockDiscipline;
import io.edgeplane.ntp.clock.ClockState;
import io.edgeplane.ntp.clock.DisciplinedClock;
import io.edgeplane.ntp.clock.SystemClockControl;
import io.edgeplane.ntp.clock.SystemClockSteering;
import io.edgeplane.ntp.clock.DriftFile;
import io.edgeplane.ntp.clock.DriftRecorder;
import io.edgeplane.ntp.clock.MakestepPolicy;
import io.edgeplane.ntp.stats.NtpStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NTP, chrony's job: a client that synchronises edgeplane's own time scale to the configured servers and
 * pools (with {@code discipline: none}, like {@code chronyd -x}, the system clock is left alone; with
 * {@code discipline: system} it is steered to the time scale, like chronyd), and a server that answers
 * on the configured addresses, clients in {@code allow} (and not in {@code deny}) within their rate limit,
 * with that time scale: synchronised at the system peer's stratum + 1, else at {@code local_stratum}, else
 * unsynchronised (leap alarm, stratum 16), which every client ignores. A reload rebinds only the addresses
 * that changed, keeps the clients' rate-limit counts where the limits stay the same, and restarts the client
 * only when the sources change. The time scale, its {@code makestep} and {@code drift_file} are set up at start.
 */
public final class NtpService implements Service {

    private static final Logger log = LoggerFactory.getLogger(NtpService.class);

    /**
     * How often the advertised state is rebuilt from the client's last update: a served local clock's reference
     * time follows "now" with it, and a fresh synchronisation is served within a second.
     */
    private static final long STATE_REFRESH_SECONDS = 1;
    /** Each server socket's kernel receive buffer. */
    private static final int RECEIVE_BUFFER = 4 << 20;
    /** The longest request read whole, as the handler reads it (extension fields included). */
    private static final int MAX_REQUEST = 2048;
    /** Requests read per system call (recvmmsg), into one buffer of 32 KiB that the pooled allocator keeps. */
    private static final int READ_BATCH = 16;

    private final EventLoops eventLoops;
    private final InstantSource systemClock;
    private final LongSupplier nanos;
    private final Executor blocking;
    private final SourceAddresses.Lookup lookup;
    private final Optional<SystemClockControl> systemClockControl;
    private final NtpMeters meters;
    private volatile TimeKeeper keeper;
    private volatile List<Object> keeperConfig;
    private volatile NtpRuntime runtime;
    private volatile ServingPolicy policy = ServingPolicy.UNSYNCHRONISED;
    private volatile ServerState state = ServerState.unsynchronised();
    private volatile Map<HostPort, NtpListener> sockets = Map.of();
    /** The FFM sockets and the realtime clock of their timestamps; empty where either is missing, or when disabled. */
    private final Optional<UdpSockets> udpSockets;
    private final Optional<PosixClocks> realtime;
    private volatile ScheduledFuture<?> refresh;

    /**
     * @param systemClock the system's wall clock, which edgeplane's time scale corrects
     * @param nanos       the monotonic clock the time scale and rate limits count on, as {@link System#nanoTime()}
     * @param blocking    where names of servers and pools are looked up and the drift file is written
     * @param lookup      how names are looked up: {@link java.net.InetAddress#getAllByName} in production
     * @param systemClockControl what {@code discipline: system} steers ({@link io.edgeplane.ntp.clock.KernelSystemClock}
     *                    in production); empty where the platform has none, and then the system clock is left alone
     */
    public NtpService(EventLoops eventLoops, MeterRegistry registry, InstantSource systemClock, LongSupplier nanos,
                      Executor blocking, SourceAddresses.Lookup lookup, Optional<SystemClockControl> systemClockControl) {
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.systemClock = Objects.requireNonNull(systemClock, "systemClock");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.systemClockControl = Objects.requireNonNull(systemClockControl, "systemClockControl");
        this.meters = new NtpMeters(Objects.requireNonNull(registry, "registry"));
        meters.trackClient(this::stats);
        // -Dedgeplane.ntp.kernel_timestamps=false: Netty's datagram channels instead (for comparisons).
        boolean wanted = !"false".equals(System.getProperty("edgeplane.ntp.kernel_timestamps"));
        this.realtime = wanted ? PosixClocks.load() : Optional.empty();
        this.udpSockets = realtime.isPresent() ? UdpSockets.load() : Optional.empty();
    }

    /** The time scale, its discipline and drift file, set up once from the first config. */
    private TimeKeeper keeper(NtpConfig ntp) {
        TimeKeeper existing = keeper;
        if (existing != null) {
            return existing;
        }
        Optional<DriftFile> driftFile = ntp.driftFile().map(path -> new DriftFile(Path.of(path)));
        MakestepPolicy makestep = MakestepPolicy.from(ntp.makestep());
        ClockDiscipline discipline = new ClockDiscipline(makestep, driftFile.flatMap(DriftFile::read));
        Optional<SystemClockControl> steered = Optional.empty();
        if (ntp.discipline() == NtpConfig.Discipline.SYSTEM) {
            steered = systemClockControl;
            if (steered.isEmpty()) {
                log.warn("ntp: discipline: system needs clock_adjtime and clock_gettime, which this platform does not "
                        + "offer; edgeplane keeps its own time scale and leaves the system clock alone");
            }
        }
        // Steering the system clock, the time scale counts on the raw oscillator: never on a clock it adjusts itself.
        LongSupplier scaleNanos = steered.<LongSupplier>map(control -> control::oscillatorNanos).orElse(nanos);
        DisciplinedClock clock = steered
                .map(control -> DisciplinedClock.overOscillator(discipline, control::oscillatorNanos, control.realtimeNanos()))
                .orElseGet(() -> new DisciplinedClock(discipline, nanos, () -> DisciplinedClock.unixNanos(systemClock)));
        Optional<SystemClockSteering> steering = steered.map(control -> new SystemClockSteering(clock, control, makestep));
        keeper = new TimeKeeper(clock, driftFile.map(file -> new DriftRecorder(file, scaleNanos, blocking)), eventLoops,
                blocking, lookup, scaleNanos, steering);
        keeperConfig = clockSettings(ntp);
        keeper.startSteering();
        return keeper;
    }

    @Override
    public String name() {
        return "ntp";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        NtpConfig ntp = config.ntp().orElseThrow(() -> new ServiceException("ntp: the config has no ntp section"));
        TimeKeeper time = keeper(ntp);
        if (!clockSettings(ntp).equals(keeperConfig)) {
            log.warn("ntp: discipline, makestep and drift_file are set up at start; the new ones take effect at the "
                    + "next restart");
        }
        NtpRuntime next = new NtpRuntime(new NtpAccess(ntp.allow(), ntp.deny()), ntp.rateLimit().map(NtpService::limits).orElse(null));
        ServingPolicy nextPolicy = ServingPolicy.of(ntp);
        ListenPlan<NtpListener> plan = ListenPlan.of(sockets, ntp.listen(), address -> bind(address, time.clock()::nowUnixNanos),
                NtpListener::close);
        if (runtime == null) {
            // New sockets answer as soon as they are bound, before the commit: with this config's rules.
            runtime = next;
        }
        return new Transition() {
            @Override
            public void commit() {
                runtime = next;
                policy = nextPolicy;
                time.apply(ntp);
                refreshState();
                if (refresh == null) {
                    refresh = eventLoops.group().next().scheduleAtFixedRate(NtpService.this::refreshState,
                            STATE_REFRESH_SECONDS, STATE_REFRESH_SECONDS, TimeUnit.SECONDS);
                }
                Map<HostPort, NtpListener> previous = sockets;
                sockets = plan.sockets();
                plan.closeDropped(previous, NtpListener::close);
                plan.bound().forEach(listener -> log.info("ntp: serving on {} (udp{}), {}", listener.describe(),
                        listener instanceof NtpListener.KernelStamped ? ", kernel receive timestamps" : "",
                        nextPolicy.describe()));
            }

            @Override
            public void abort() {
                plan.bound().forEach(NtpListener::close);
            }
        };
    }

    private static List<Object> clockSettings(NtpConfig ntp) {
        return List.of(ntp.discipline(), ntp.makestep(), ntp.driftFile());
    }

    private static NtpRateLimiter.Settings limits(NtpRateLimitConfig config) {
        // The table is a power of two in size: the configured size rounded up.
        int slots = Math.max(4, Integer.highestOneBit(Math.max(1, config.tableSize() - 1)) << 1);
        return new NtpRateLimiter.Settings(config.interval(), config.burst(), config.leak(), 0, 32, 64,
                Math.min(slots, 1 << 24));
    }

    private void refreshState() {
        try {
            TimeKeeper time = keeper;
            state = policy.advertised(time.clock().nowUnixNanos(), time.synchronisedState(), time.everSynchronised());
            meters.sources(stats().sources());
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: keep the last state and try next time.
            log.warn("ntp: refreshing the advertised state failed: {}", e.toString());
        }
    }

    /**
     * Binds {@code address}. With epoll: one socket per event loop on the same address and port (SO_REUSEPORT; the
     * kernel spreads clients over them by address and port), so the server uses every core it is given, and each
     * reads its requests in recvmmsg batches. The channel returned stands for all of them: closing it closes the
     * others. Each socket has its own rate limiter, so a client that spreads its requests over several source
     * ports may get up to one limit per event loop.
     */
    private NtpListener bind(HostPort address, LongSupplier servedUnixNanos) throws ServiceException {
        InetSocketAddress where = address.toSocketAddress();
        boolean epoll = eventLoops.transportName().equals("epoll");
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : eventLoops.group()) {
            loops.add((EventLoop) executor);
        }
        if (udpSockets.isPresent() && loops.stream().allMatch(loop -> loop instanceof IoEventLoop io
                && io.isCompatible(KernelStampedSocket.class))) {
            return bindKernelStamped(address, where, loops, servedUnixNanos);
        }
        int count = epoll ? loops.size() : 1;
        List<Channel> bound = new ArrayList<>(count);
        InetSocketAddress at = where;
        for (int i = 0; i < count; i++) {
            Bootstrap udp = new Bootstrap()
                    .group(count == 1 ? eventLoops.group() : loops.get(i))
                    .channel(eventLoops.datagramChannelType())
                    // Room for a burst of requests while the loop is busy answering the previous ones.
                    .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel channel) {
                            channel.pipeline().addLast(new NtpServerHandler(
                                    new SocketAnswerer(() -> runtime, () -> state, nanos, meters), servedUnixNanos));
                        }
                    });
            if (epoll) {
                // recvmmsg: a read fetches up to READ_BATCH requests in one system call. The pooled allocator: the
                // adaptive one allocates and zeroes a batch-sized buffer on every read (as DnsService found).
                udp.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_REQUEST)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_REQUEST * READ_BATCH))
                        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
                if (count > 1) {
                    udp.option(EpollChannelOption.SO_REUSEPORT, true);
                }
            }
            ChannelFuture future = udp.bind(at).awaitUninterruptibly();
            if (!future.isSuccess()) {
                bound.forEach(NtpService::close);
                throw new ServiceException("ntp: cannot listen on " + address + " (udp): "
                        + ListeningSockets.bindFailure(future.cause()), future.cause());
            }
            bound.add(future.channel());
            // The others on the port the first got, also when the config said 0 (tests).
            at = (InetSocketAddress) future.channel().localAddress();
        }
        Channel first = bound.getFirst();
        List<Channel> others = List.copyOf(bound.subList(1, bound.size()));
        first.closeFuture().addListener(closed -> others.forEach(Channel::close));
        return new NtpListener.Netty(first);
    }

    /**
     * Binds {@code address} with sockets of our own ({@link KernelStampedSocket}): as the Netty path, one socket per
     * event loop sharing the port (SO_REUSEPORT) each with its own rate limiter, but the receive time is the kernel's
     * timestamp and nothing is allocated per request.
     */
    private NtpListener bindKernelStamped(HostPort address, InetSocketAddress where, List<EventLoop> loops,
                                          LongSupplier servedUnixNanos) throws ServiceException {
        UdpSockets calls = udpSockets.orElseThrow();
        PosixClocks clocks = realtime.orElseThrow();
        List<KernelStampedSocket> bound = new ArrayList<>(loops.size());
        InetSocketAddress at = where;
        try {
            for (EventLoop loop : loops) {
                UdpSocket socket = UdpSocket.open(calls, at, loops.size() > 1, RECEIVE_BUFFER);
                bound.add(KernelStampedSocket.register((IoEventLoop) loop, socket,
                        new SocketAnswerer(() -> runtime, () -> state, nanos, meters), servedUnixNanos, clocks::realtimeNanos));
                // The others on the port the first got, also when the config said 0 (tests).
                at = new InetSocketAddress(where.getAddress(), socket.localAddress().getPort());
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(KernelStampedSocket::stop);
            throw new ServiceException("ntp: cannot listen on " + address + " (udp): "
                    + e.getMessage().replaceFirst("^bind to \\S+ failed: ", ""), e);
        }
        return new NtpListener.KernelStamped(bound);
    }

    /** Whether every address is served by kernel-stamped sockets (tests). */
    boolean kernelStamped() {
        return !sockets.isEmpty() && sockets.values().stream().allMatch(listener -> listener instanceof NtpListener.KernelStamped);
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

    /** Everything the stats page and {@code /stats.json} show of NTP. */
    public NtpStats stats() {
        NtpCounts counts = counts();
        NtpClient.Status client = clientStatus();
        TimeKeeper time = keeper;
        ClockState clock = time == null ? null : time.clock().state();
        // Measured, not taken from the correction: over the raw oscillator that is no longer relative to the system clock.
        long correctionNanos = time == null ? 0 : time.clock().nowUnixNanos() - DisciplinedClock.unixNanos(systemClock);
        String systemClockHandling = time == null ? "untouched" : time.steeringStatus()
                .map(status -> status.control().name().toLowerCase(Locale.ROOT).replace('_', ' ')).orElse("untouched");
        NtpStats.Tracking tracking = new NtpStats.Tracking(client.synchronised(), client.systemPeer(), client.stratum(),
                client.offsetNanos() / 1e3, client.jitterNanos() / 1e3, clock == null ? 0 : clock.frequencyPpm(),
                correctionNanos / 1e3, systemClockHandling, clock == null ? 0 : clock.steps());
        List<NtpStats.Source> sources = client.sources().stream().map(source -> new NtpStats.Source(source.address(),
                source.configuredAs(), source.stratum(), source.poll(), source.reach(), source.state(),
                source.offsetNanos() / 1e3, source.delayNanos() / 1e3, source.jitterNanos() / 1e3)).toList();
        return new NtpStats(sockets.values().stream().map(NtpListener::describe).toList(), counts.replies(),
                counts.dropped(), counts.stratum(), tracking, sources);
    }

    /** The client and its sources now, like {@code chronyc tracking} and {@code chronyc sources}. */
    public NtpClient.Status clientStatus() {
        TimeKeeper time = keeper;
        return time == null ? NtpClient.Status.IDLE : time.status();
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        ScheduledFuture<?> refreshing = refresh;
        if (refreshing != null) {
            refreshing.cancel(false);
        }
        TimeKeeper time = keeper;
        if (time != null) {
            time.close();
        }
        Map<HostPort, NtpListener> stopping = sockets;
        sockets = Map.of();
        // A reply takes microseconds: there is no work in flight worth a grace period.
        stopping.values().forEach(NtpListener::close);
        meters.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Health health() {
        Map<HostPort, NtpListener> current = sockets;
        for (NtpListener listener : current.values()) {
            if (!listener.isActive()) {
                return Health.down("not listening on " + listener.describe());
            }
        }
        NtpClient.Status client = clientStatus();
        String sync = client.synchronised() ? "synchronised to " + client.systemPeer() + " at stratum " + client.stratum()
                : client.sources().isEmpty() ? "no sources" : "not synchronised (" + client.sources().size() + " source(s))";
        return Health.up((current.isEmpty() ? "client only" : current.size() + " address(es)") + ", " + sync);
    }

    @Override
    public List<String> endpoints() {
        return sockets.values().stream().map(listener -> "ntp://" + listener.describe() + " (udp)").toList();
    }

    private static void close(Channel channel) {
        channel.close().awaitUninterruptibly();
    }
}
