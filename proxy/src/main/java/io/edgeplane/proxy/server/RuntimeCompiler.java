package io.edgeplane.proxy.server;

import io.edgeplane.config.proxy.HeaderEditsConfig;
import io.edgeplane.config.proxy.HeaderPolicyConfig;
import io.edgeplane.config.proxy.LimitsConfig;
import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.config.proxy.ProxyConfig;
import io.edgeplane.config.proxy.RateLimitConfig;
import io.edgeplane.config.proxy.RedirectConfig;
import io.edgeplane.config.proxy.RespondConfig;
import io.edgeplane.config.proxy.RouteConfig;
import io.edgeplane.config.proxy.ServerConfig;
import io.edgeplane.config.proxy.UpstreamConfig;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.net.AccessList;
import io.edgeplane.proxy.action.FixedResponse;
import io.edgeplane.proxy.action.PathRewrite;
import io.edgeplane.proxy.action.ProxyPass;
import io.edgeplane.proxy.action.Redirect;
import io.edgeplane.proxy.action.RouteAction;
import io.edgeplane.proxy.action.StaticFiles;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.files.StaticFileServer;
import io.edgeplane.proxy.http.ForwardedHeaders;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.ValueTemplate;
import io.edgeplane.proxy.limit.KeyHashes;
import io.edgeplane.proxy.limit.LimitClock;
import io.edgeplane.proxy.limit.RateLimit;
import io.edgeplane.proxy.limit.RateLimits;
import io.edgeplane.proxy.observe.AccessLog;
import io.edgeplane.proxy.observe.ConnectionMeters;
import io.edgeplane.proxy.observe.PoolMeters;
import io.edgeplane.proxy.observe.RequestObserver;
import io.edgeplane.proxy.resolve.NameLookupException;
import io.edgeplane.proxy.resolve.NameWatch;
import io.edgeplane.proxy.resolve.ResolvedName;
import io.edgeplane.proxy.resolve.UpstreamNames;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.tls.TlsListener;
import io.edgeplane.proxy.tls.TlsProvider;
import io.edgeplane.proxy.tls.TlsSetupException;
import io.edgeplane.proxy.tls.UpstreamTls;
import io.edgeplane.proxy.tls.UpstreamTlsException;
import io.edgeplane.proxy.upstream.ServerAddresses;
import io.edgeplane.proxy.upstream.UpstreamPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns the proxy section of a config into what runs: upstream pools (names resolved here, off the event
 * loops, then kept fresh on the resolver thread) and listener runtimes with their compiled route tables.
 * Pools whose config did not change are carried over with their connections and their name refreshes.
 */
final class RuntimeCompiler {

    /** The largest piece of a request body handed on at once. */
    private static final int MAX_CHUNK = 64 * 1024;

    private final Class<? extends SocketChannel> channelType;
    private final MeterRegistry registry;
    private final Executor blocking;
    private final Clock clock;
    private final LimitClock limitClock;
    private final KeyHashes keyHashes;
    /** The TLS provider for upstream TLS: the listeners' choice. */
    private final Supplier<TlsProvider> tlsProvider;

    RuntimeCompiler(Class<? extends SocketChannel> channelType, MeterRegistry registry, Executor blocking, Clock clock,
                    LimitClock limitClock, KeyHashes keyHashes, Supplier<TlsProvider> tlsProvider) {
        this.channelType = channelType;
        this.registry = registry;
        this.blocking = blocking;
        this.clock = clock;
        this.limitClock = limitClock;
        this.keyHashes = keyHashes;
        this.tlsProvider = tlsProvider;
    }

    /**
     * The rate limits of {@code proxy}: each named limit, and each listener's inline {@code rate_limit} under
     * the listener's name. One of {@code previous} with the same name and config is kept, counts and all, so a
     * reload is no way to start a client's window afresh.
     */
    Map<String, RateLimit> rateLimits(ProxyConfig proxy, Map<String, RateLimit> previous) {
        Map<String, RateLimitConfig> wanted = new LinkedHashMap<>(proxy.rateLimits());
        proxy.listeners().forEach(listener -> listener.rateLimit().ifPresent(config -> wanted.put(listener.name(), config)));
        Map<String, RateLimit> limits = new HashMap<>();
        wanted.forEach((name, config) -> {
            RateLimit old = previous.get(name);
            limits.put(name, old != null && old.config().equals(config) ? old
                    : new RateLimit(name, config, keyHashes, limitClock, registry));
        });
        return limits;
    }

    /**
     * The limits each request of {@code config} meets: the listener's inline one and the ones it names, then
     * its route's. A {@code key: route} limit counts each route apart, by the listener's and the route's name.
     */
    private RateLimits rateLimits(ListenerConfig config, List<String> routeNames, Map<String, RateLimit> limits) {
        List<RateLimit> listener = new ArrayList<>();
        config.rateLimit().ifPresent(inline -> listener.add(limits.get(config.name())));
        config.rateLimits().forEach(name -> listener.add(limits.get(name)));
        List<List<RateLimit>> routes = new ArrayList<>();
        long[] routeKeys = new long[routeNames.size() + 1];
        for (int i = 0; i < routeNames.size(); i++) {
            routes.add(config.routes().get(i).rateLimits().stream().map(limits::get).toList());
            routeKeys[i] = keyHashes.text(config.name() + "/" + routeNames.get(i));
        }
        routeKeys[routeNames.size()] = keyHashes.text(config.name() + "/-");
        return new RateLimits(limitClock, listener, routes, routeKeys);
    }

    /**
     * The pools for {@code upstreams}, reusing any of {@code previous} whose config is unchanged (unless it
     * has server names and the resolver changed). The names of the pools built anew are looked up here, all
     * at once, and then kept fresh through {@code names}; a name that does not resolve fails the whole call,
     * and so does a pool's TLS that cannot be set up (a CA or certificate file that cannot be read).
     *
     * @param namesChanged whether {@code names} replaces the resolver that {@code previous} pools use
     */
    Map<String, UpstreamPool> pools(Map<String, UpstreamConfig> upstreams, Map<String, UpstreamPool> previous,
                                    UpstreamNames names, boolean namesChanged) throws ServiceException {
        Map<String, UpstreamPool> pools = new HashMap<>();
        // Sorted, so that a config with several unresolvable names always reports them in the same order.
        Map<String, UpstreamConfig> build = new TreeMap<>();
        for (Map.Entry<String, UpstreamConfig> entry : upstreams.entrySet()) {
            UpstreamPool old = previous.get(entry.getKey());
            if (old != null && old.config().equals(entry.getValue()) && !(namesChanged && hasNames(entry.getValue()))) {
                pools.put(entry.getKey(), old);
            } else {
                build.put(entry.getKey(), entry.getValue());
            }
        }
        Map<String, ResolvedName> resolved = resolve(build, names);
        List<UpstreamPool> built = new ArrayList<>();
        try {
            for (Map.Entry<String, UpstreamConfig> entry : build.entrySet()) {
                UpstreamPool pool = pool(entry.getKey(), entry.getValue(), names, resolved);
                built.add(pool);
                pools.put(entry.getKey(), pool);
            }
        } catch (ServiceException | RuntimeException e) {
            built.forEach(UpstreamPool::close);
            throw e;
        }
        return pools;
    }

    private static boolean hasNames(UpstreamConfig config) {
        return config.servers().stream().anyMatch(server -> !server.address().isIpLiteral());
    }

    /**
     * Looks up every server name of {@code pools} at once (a name several pools share, once), and waits: a
     * dead name server costs one timeout, not one per name. Reports every name that did not resolve.
     */
    private static Map<String, ResolvedName> resolve(Map<String, UpstreamConfig> pools, UpstreamNames names)
            throws ServiceException {
        Map<String, CompletableFuture<ResolvedName>> lookups = new HashMap<>();
        pools.values().forEach(config -> config.servers().stream()
                .filter(server -> !server.address().isIpLiteral())
                .forEach(server -> lookups.computeIfAbsent(server.address().host(), names::lookup)));
        Map<String, ResolvedName> resolved = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Throwable firstCause = null;
        for (Map.Entry<String, UpstreamConfig> pool : pools.entrySet()) {
            Set<String> reported = new HashSet<>();
            for (ServerConfig server : pool.getValue().servers()) {
                String host = server.address().host();
                if (server.address().isIpLiteral() || !reported.add(host)) {
                    continue;
                }
                try {
                    resolved.put(host, lookups.get(host).join());
                } catch (CompletionException | CancellationException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    firstCause = firstCause == null ? cause : firstCause;
                    String reason = cause instanceof NameLookupException lookup ? lookup.reason() : cause.toString();
                    // nginx: "host not found in upstream"; HAProxy: "could not resolve address".
                    problems.add("upstream " + pool.getKey() + ": cannot resolve " + host + " (" + reason + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ServiceException("proxy: " + String.join("; ", problems), firstCause);
        }
        return resolved;
    }

    private UpstreamPool pool(String name, UpstreamConfig config, UpstreamNames names, Map<String, ResolvedName> resolved)
            throws ServiceException {
        Optional<UpstreamTls> tls = Optional.empty();
        if (config.tls().isPresent()) {
            try {
                tls = Optional.of(UpstreamTls.prepare(name, config.tls().get(), tlsProvider.get(), blocking));
            } catch (TlsSetupException e) {
                throw new ServiceException("proxy: upstream " + name + ": tls: " + e.getMessage(), e);
            }
        }
        List<UpstreamServer> servers = new ArrayList<>();
        List<ServerAddresses> addresses = new ArrayList<>();
        // A name may serve several servers of the pool (app:8080 and app:8081): one watch feeds them all.
        Map<String, List<ServerAddresses>> byName = new LinkedHashMap<>();
        for (int i = 0; i < config.servers().size(); i++) {
            ServerConfig server = config.servers().get(i);
            servers.add(new UpstreamServer(i, server.address(), server.weight(), server.backup()));
            InetSocketAddress literal = server.address().toSocketAddress();
            if (!literal.isUnresolved()) {
                // An IP address is where the server is, for good: nothing to look up, ever.
                addresses.add(ServerAddresses.fixed(literal));
            } else {
                String host = server.address().host();
                ServerAddresses where = ServerAddresses.resolved(resolved.get(host).addresses(), server.address().port());
                addresses.add(where);
                byName.computeIfAbsent(host, h -> new ArrayList<>()).add(where);
            }
        }
        PoolMeters meters = new PoolMeters(registry, name, servers,
                tls.isPresent() ? UpstreamTlsException.REASONS : List.of());
        List<NameWatch> watches = new ArrayList<>();
        byName.forEach((host, targets) -> watches.add(names.watch(name, resolved.get(host),
                fresh -> targets.forEach(target -> target.publish(fresh)), () -> meters.dnsFailed(host))));
        return new UpstreamPool(name, config, servers, addresses, watches, channelType, meters, tls, clock);
    }

    /**
     * @param proxy where the header policies that the listener and its routes use are defined
     */
    ListenerRuntime listener(ListenerConfig config, ProxyConfig proxy, Map<String, UpstreamPool> pools,
                             Map<String, RateLimit> limits, String nodeName, AccessLog accessLog, Optional<TlsListener> tls) {
        List<HeaderPolicyConfig> listenerEdits = proxy.headerEdits(config.headers());
        HeaderEdits listenerRequest = compile(listenerEdits, HeaderPolicyConfig::request);
        HeaderEdits listenerResponse = compile(listenerEdits, HeaderPolicyConfig::response);
        List<RouteAction> actions = new ArrayList<>(config.routes().size());
        for (int i = 0; i < config.routes().size(); i++) {
            List<HeaderPolicyConfig> routeEdits = proxy.headerEdits(config.routes().get(i).headers());
            actions.add(action(i, config.routes().get(i), pools,
                    listenerRequest.then(compile(routeEdits, HeaderPolicyConfig::request)),
                    listenerResponse.then(compile(routeEdits, HeaderPolicyConfig::response))));
        }
        List<String> routeNames = new ArrayList<>();
        for (int i = 0; i < config.routes().size(); i++) {
            routeNames.add(config.routes().get(i).name().orElse(Integer.toString(i)));
        }
        return new ListenerRuntime(config.name(), tls.isPresent() ? "https" : "http", nodeName, RouteTable.compile(config.routes(), actions),
                config.limits(), new ForwardedHeaders(config.forwarded()), new AccessList(config.allow(), config.deny()),
                new RequestObserver(registry, config.name(), routeNames, accessLog, clock),
                new ConnectionMeters(registry, config.name()), config.compression(),
                new LocalAnswers(errorPages(config), listenerResponse), tls, rateLimits(config, routeNames, limits),
                config.proxyProtocol().accept()
                        ? Optional.of(new AccessList(config.proxyProtocol().trusted(), List.of())) : Optional.empty(),
                requestDecoding(config.limits()),
                config.speaksHttp2() ? Optional.of(config.http2()) : Optional.empty());
    }

    /**
     * How the listener's requests are decoded, built once per config: a decoder reads its settings when it is
     * made and never changes them, so every connection's decoder can be made from this one.
     */
    private static HttpDecoderConfig requestDecoding(LimitsConfig limits) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength((int) limits.maxRequestLine().bytes())
                .setMaxHeaderSize((int) limits.maxHeaderSize().bytes())
                .setMaxChunkSize(MAX_CHUNK)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true);
    }

    private static Map<Integer, LocalAnswers.ErrorPage> errorPages(ListenerConfig config) {
        Map<Integer, LocalAnswers.ErrorPage> pages = new java.util.HashMap<>();
        config.errorPages().forEach((code, page) -> pages.put(Integer.parseInt(code),
                new LocalAnswers.ErrorPage(ValueTemplate.compile(page.body()), page.contentType())));
        return pages;
    }

    /**
     * One side of {@code edits} chained in their order, policies first: resolved here, once per config, so a
     * request runs the same edits as if they had been written out in place.
     */
    private static HeaderEdits compile(List<HeaderPolicyConfig> edits, Function<HeaderPolicyConfig, HeaderEditsConfig> side) {
        HeaderEdits compiled = HeaderEdits.NONE;
        for (HeaderPolicyConfig block : edits) {
            compiled = compiled.then(HeaderEdits.compile(side.apply(block)));
        }
        return compiled;
    }

    /**
     * @param request  the listener's request edits, then the route's
     * @param response the listener's response edits, then the route's
     */
    private RouteAction action(int index, RouteConfig route, Map<String, UpstreamPool> pools,
                               HeaderEdits request, HeaderEdits response) {
        if (route.upstream().isPresent()) {
            return new ProxyPass(index, pools.get(route.upstream().get()), PathRewrite.of(route), request, response);
        }
        if (route.respond().isPresent()) {
            RespondConfig respond = route.respond().get();
            HeaderEdits headers = HeaderEdits.compile(new HeaderEditsConfig(List.of(), respond.headers(), Map.of()));
            return new FixedResponse(index, HttpResponseStatus.valueOf(respond.status()), ValueTemplate.compile(respond.body()),
                    headers, request, response);
        }
        if (route.redirect().isPresent()) {
            RedirectConfig redirect = route.redirect().get();
            return new Redirect(index, HttpResponseStatus.valueOf(redirect.status()), redirect.scheme(), redirect.host(),
                    redirect.path(), request, response);
        }
        if (route.files().isPresent()) {
            return new StaticFiles(index, new StaticFileServer(route.files().get(), blocking, clock), PathRewrite.of(route),
                    request, response);
        }
        throw new IllegalStateException("route " + index + " passed validation without an action: " + route.actions());
    }
}
