package io.edgeplane.proxy.server;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.proxy.AccessLogConfig;
import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.config.proxy.ProxyConfig;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.NodeName;
import io.edgeplane.core.lifecycle.ReopensFiles;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.core.transport.ListeningSockets;
import io.edgeplane.proxy.limit.KeyHashes;
import io.edgeplane.proxy.limit.LimitClock;
import io.edgeplane.proxy.limit.RateLimit;
import io.edgeplane.proxy.observe.AccessLog;
import io.edgeplane.proxy.resolve.ResolverThread;
import io.edgeplane.proxy.resolve.UpstreamNames;
import io.edgeplane.proxy.tls.TlsListeners;
import io.edgeplane.proxy.tls.TlsProvider;
import io.edgeplane.proxy.upstream.UpstreamPool;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP reverse proxy. A reload compiles new listener runtimes and pools off the event loops, binds
 * only addresses that are new, and on commit swaps each listener's runtime in one write: connections pick
 * it up at their next request. Pools and listeners whose config did not change keep their connections.
 * Upstream server names are looked up, and looked up again as their TTL runs out, on a resolver thread of
 * the service's own.
 */
public final class ProxyService implements Service, ReopensFiles {

    private static final Logger log = LoggerFactory.getLogger(ProxyService.class);
    private final EventLoops eventLoops;
    private final Executor blocking;
    private final MeterRegistry registry;
    private final RuntimeCompiler compiler;
    /** Where upstream names are looked up and their refreshes timed, for the service's whole life. */
    private final ResolverThread resolverThread = new ResolverThread();
    /** The TLS of the listeners that have it, kept across reloads that do not change it. */
    private final TlsListeners tls;
    private final ClientAcceptor acceptor;
    /** By listen addresses: a listener that keeps its addresses keeps its sockets, whatever its name. */
    private volatile Map<ListenerKey, ListenerHandle> listeners = Map.of();
    private volatile Map<String, UpstreamPool> pools = Map.of();
    /** Rate limits by name (a listener's inline one by the listener's); kept across reloads that keep their config. */
    private volatile Map<String, RateLimit> rateLimits = Map.of();
    /** The resolver of the running {@code proxy.resolver}; null before the first commit. */
    private volatile UpstreamNames names;
    private volatile AccessLog accessLog;
    private volatile Set<Meter.Id> meters = Set.of();
    /** The running proxy section; null before the first commit. */
    private volatile ProxyConfig runningConfig;
    private final ProxyStatsReader statsReader;
    private final ProxyControl control;
    /** Feeds the stats' request rates once a second while the service runs. */
    private volatile ScheduledFuture<?> sampling;

    public ProxyService(EventLoops eventLoops, Executor blocking, MeterRegistry registry, Clock clock) {
        this(eventLoops, blocking, registry, clock, TlsProvider::detect);
    }

    /** With the TLS provider chosen by {@code detect}, for listeners and upstreams alike; tests pick one. */
    ProxyService(EventLoops eventLoops, Executor blocking, MeterRegistry registry, Clock clock, Supplier<TlsProvider> detect) {
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.registry = Objects.requireNonNull(registry, "registry");
        // A seed nobody outside can know, so nobody can choose keys that share another's count or bucket.
        this.compiler = new RuntimeCompiler(eventLoops.socketChannelType(), registry, blocking, clock,
                // System.nanoTime: the source a RequestContext reads its arrival time from, which limits count at.
                new LimitClock(System::nanoTime), new KeyHashes(new SecureRandom().nextLong()), detect);
        this.tls = new TlsListeners(registry, blocking, clock, detect);
        this.acceptor = new ClientAcceptor(eventLoops);
        this.statsReader = new ProxyStatsReader(() -> runningConfig, () -> listeners.values(), () -> pools, clock);
        this.control = new ProxyControl(statsReader, () -> pools, tls);
    }

    /** The runtime API: stats, server states and weights, name refreshes, certificates read again. */
    public ProxyControl control() {
        return control;
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        ProxyConfig proxy = config.proxy()
                .orElseThrow(() -> new IllegalStateException("the proxy service runs only with a proxy section"));
        String nodeName = NodeName.of(config);
        AccessLog currentLog = accessLog;
        AccessLog nextLog = proxy.accessLog().isEmpty() ? null
                : currentLog != null && currentLog.config().equals(proxy.accessLog().get()) ? currentLog
                : openAccessLog(proxy.accessLog().get());
        UpstreamNames currentNames = names;
        boolean namesChanged = currentNames == null || !currentNames.config().equals(proxy.resolver());
        UpstreamNames nextNames;
        Map<String, UpstreamPool> nextPools;
        try {
            nextNames = namesChanged ? UpstreamNames.dns(proxy.resolver(), resolverThread) : currentNames;
        } catch (RuntimeException e) {
            closeIfNew(nextLog, currentLog);
            throw e;
        }
        try {
            nextPools = compiler.pools(proxy.upstreams(), pools, nextNames, namesChanged);
        } catch (ServiceException | RuntimeException e) {
            closeIfNew(nextNames, currentNames);
            closeIfNew(nextLog, currentLog);
            throw e;
        }
        TlsListeners.Prepared nextTls;
        try {
            nextTls = tls.prepare(proxy.listeners());
        } catch (ServiceException | RuntimeException e) {
            nextPools.values().stream().filter(p -> !pools.containsValue(p)).forEach(UpstreamPool::close);
            closeIfNew(nextNames, currentNames);
            closeIfNew(nextLog, currentLog);
            throw e;
        }
        Map<ListenerKey, ListenerHandle> current = listeners;
        Map<ListenerKey, ListenerHandle> next = new LinkedHashMap<>();
        Map<ListenerHandle, ListenerRuntime> runtimes = new HashMap<>();
        List<ListenerHandle> bound = new ArrayList<>();
        Map<String, RateLimit> nextLimits;
        try {
            nextLimits = compiler.rateLimits(proxy, rateLimits);
            for (ListenerConfig listener : proxy.listeners()) {
                ListenerRuntime runtime = compiler.listener(listener, proxy, nextPools, nextLimits, nodeName, nextLog,
                        nextTls.of(listener.name()));
                ListenerKey key = ListenerKey.of(listener);
                ListenerHandle handle = current.get(key);
                if (handle == null) {
                    handle = new ListenerHandle(listener.name(), runtime);
                    handle.sockets(acceptor.bind(handle, listener.listen()));
                    bound.add(handle);
                }
                runtimes.put(handle, runtime);
                next.put(key, handle);
            }
        } catch (ServiceException | RuntimeException e) {
            bound.forEach(ProxyService::closeSockets);
            nextTls.abort();
            nextPools.values().stream().filter(p -> !pools.containsValue(p)).forEach(UpstreamPool::close);
            closeIfNew(nextNames, currentNames);
            closeIfNew(nextLog, currentLog);
            throw e;
        }
        return new Transition() {
            @Override
            public void commit() {
                // Some series (HTTP/2 errors) are registered as they first happen: collect the running ones now.
                Set<Meter.Id> running = new HashSet<>(meters);
                listeners.values().forEach(handle -> handle.runtime().connections().meters()
                        .forEach(meter -> running.add(meter.getId())));
                runtimes.forEach(ListenerHandle::runtime);
                nextTls.commit();
                Map<String, UpstreamPool> previousPools = pools;
                Map<ListenerKey, ListenerHandle> previous = listeners;
                listeners = java.util.Collections.unmodifiableMap(next);
                pools = Map.copyOf(nextPools);
                previous.forEach((addresses, handle) -> {
                    if (!next.containsKey(addresses)) {
                        log.info("proxy: listener {} on {} removed", handle.name(), addresses);
                        closeSockets(handle);
                        handle.unregisterGauge(registry);
                    }
                });
                // Closing a pool stops its name refreshes; only then may the resolver they used go.
                previousPools.values().stream().filter(p -> !nextPools.containsValue(p)).forEach(UpstreamPool::close);
                // A rebuilt pool's series have the old one's names: the old ones go first, or they would stay.
                previousPools.values().stream().filter(p -> !nextPools.containsValue(p)).forEach(p -> p.meters().unregister());
                nextPools.values().stream().filter(p -> !previousPools.containsValue(p)).forEach(p -> {
                    p.meters().register(p.servers().states());
                    p.start(eventLoops.group(), Optional.ofNullable(previousPools.get(p.name())));
                });
                Map<String, RateLimit> previousLimits = rateLimits;
                rateLimits = Map.copyOf(nextLimits);
                // As for pools: a rebuilt limit's series have the old one's names, so the old ones go first.
                previousLimits.values().stream().filter(l -> !nextLimits.containsValue(l)).forEach(RateLimit::unregister);
                nextLimits.values().stream().filter(l -> !previousLimits.containsValue(l)).forEach(RateLimit::register);
                names = nextNames;
                closeIfNew(currentNames, nextNames);
                accessLog = nextLog;
                closeIfNew(currentLog, nextLog);
                Set<Meter.Id> nextMeters = new HashSet<>();
                runtimes.values().forEach(runtime -> runtime.observer().meters().forEach(meter -> nextMeters.add(meter.getId())));
                runtimes.values().forEach(runtime -> runtime.connections().meters().forEach(meter -> nextMeters.add(meter.getId())));
                next.values().forEach(handle -> nextMeters.add(handle.registerGauge(registry)));
                nextPools.values().forEach(pool -> pool.meters().meters().forEach(meter -> nextMeters.add(meter.getId())));
                nextLimits.values().forEach(limit -> limit.meters().forEach(meter -> nextMeters.add(meter.getId())));
                // Series of routes, listeners and pools that went away stop being exported.
                running.stream().filter(id -> !nextMeters.contains(id)).forEach(registry::remove);
                meters = Set.copyOf(nextMeters);
                runningConfig = proxy;
                if (sampling == null) {
                    // Timed by an event loop, done on the blocking executor: reading every timer's buckets is
                    // work no request should wait behind.
                    sampling = eventLoops.group().next().scheduleAtFixedRate(() -> blocking.execute(ProxyService.this::sampleSafely),
                            1, 1, TimeUnit.SECONDS);
                }
                bound.forEach(handle -> log.info("proxy: listener {} on {}", handle.name(), urls(handle)));
            }

            @Override
            public void abort() {
                bound.forEach(ProxyService::closeSockets);
                nextTls.abort();
                nextPools.values().stream().filter(p -> !pools.containsValue(p)).forEach(UpstreamPool::close);
                closeIfNew(nextNames, currentNames);
                closeIfNew(nextLog, currentLog);
            }
        };
    }

    /**
     * What identifies a listener's sockets across reloads: its addresses. An ephemeral port (0, in tests)
     * names no particular socket, so such a listener is told apart by its name too.
     */
    private record ListenerKey(List<HostPort> listen, String name) {
        static ListenerKey of(ListenerConfig listener) {
            boolean ephemeral = listener.listen().stream().anyMatch(address -> address.port() == 0);
            return new ListenerKey(listener.listen(), ephemeral ? listener.name() : "");
        }

        @Override
        public String toString() {
            return listen.toString();
        }
    }

    private static AccessLog openAccessLog(AccessLogConfig config) throws ServiceException {
        try {
            return new AccessLog(config);
        } catch (IOException e) {
            throw new ServiceException("proxy: cannot open the access log " + config.path().orElse("stdout") + ": " + e.getMessage(), e);
        }
    }

    /** Closes {@code log} unless it is {@code kept} (the same log carried over). */
    private static void closeIfNew(AccessLog log, AccessLog kept) {
        if (log != null && log != kept) {
            log.close();
        }
    }

    /** Closes {@code resolver} unless it is {@code kept} (the same resolver carried over). */
    private static void closeIfNew(UpstreamNames resolver, UpstreamNames kept) {
        if (resolver != null && resolver != kept) {
            resolver.close();
        }
    }

    /** SIGUSR1: logrotate moved the access log away; write to a fresh file at its path. */
    @Override
    public void reopenFiles() {
        AccessLog current = accessLog;
        if (current != null) {
            current.reopen();
        }
    }

    private static void closeSockets(ListenerHandle handle) {
        handle.sockets().forEach(socket -> socket.close().awaitUninterruptibly());
    }

    /** A periodic task that throws is never run again; a failed sample is logged, and the next one tried. */
    private void sampleSafely() {
        try {
            statsReader.sample();
        } catch (RuntimeException e) {
            log.warn("proxy: sampling request counts for the stats failed: {}", e.toString());
        }
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        ScheduledFuture<?> sampled = sampling;
        if (sampled != null) {
            sampled.cancel(false);
        }
        Map<ListenerKey, ListenerHandle> stopping = listeners;
        listeners = Map.of();
        stopping.values().forEach(ProxyService::closeSockets);
        // Keep-alive connections waiting for a request close now; the others after the answer in progress.
        acceptor.drainAll();
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + grace.toNanos();
            while (stopping.values().stream().anyMatch(h -> h.connections() > 0) && System.nanoTime() < deadline) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            acceptor.closeAll();
            pools.values().forEach(UpstreamPool::close);
            UpstreamNames currentNames = names;
            if (currentNames != null) {
                currentNames.close();
            }
            resolverThread.close();
            tls.close();
            AccessLog current = accessLog;
            if (current != null) {
                current.close();
            }
        }, blocking);
    }

    @Override
    public Health health() {
        Map<ListenerKey, ListenerHandle> current = listeners;
        for (ListenerHandle handle : current.values()) {
            for (Channel socket : handle.sockets()) {
                if (!socket.isActive()) {
                    return Health.down("listener " + handle.name() + " is not listening on " + socket.localAddress());
                }
            }
        }
        return Health.up(current.size() + (current.size() == 1 ? " listener" : " listeners"));
    }

    @Override
    public List<String> endpoints() {
        List<String> urls = new ArrayList<>();
        listeners.values().forEach(handle -> urls.addAll(urls(handle)));
        return urls;
    }

    private static List<String> urls(ListenerHandle handle) {
        List<String> urls = new ArrayList<>();
        for (Channel socket : handle.sockets()) {
            urls.add(ListeningSockets.url(handle.runtime().scheme(), socket) + " (" + handle.name() + ")");
        }
        return urls;
    }
}
