package io.edgeplane.proxy.server;

import io.edgeplane.config.proxy.ListenerConfig;
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
import io.edgeplane.proxy.files.StaticFileServer;
import java.util.concurrent.Executor;
import io.edgeplane.proxy.balance.LoadBalancers;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.http.ForwardedHeaders;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.ValueTemplate;
import io.edgeplane.proxy.observe.AccessLog;
import io.edgeplane.proxy.observe.ConnectionMeters;
import io.edgeplane.proxy.observe.PoolMeters;
import io.edgeplane.proxy.observe.RequestObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.upstream.UpstreamPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the proxy section of a config into what runs: upstream pools (names resolved here, off the event
 * loops) and listener runtimes with their compiled route tables. Pools whose config did not change are
 * carried over with their connections.
 */
final class RuntimeCompiler {

    private final Class<? extends SocketChannel> channelType;
    private final MeterRegistry registry;
    private final Executor blocking;
    private final Clock clock;

    RuntimeCompiler(Class<? extends SocketChannel> channelType, MeterRegistry registry, Executor blocking, Clock clock) {
        this.channelType = channelType;
        this.registry = registry;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** The pools for {@code upstreams}, reusing any of {@code previous} whose config is unchanged. */
    Map<String, UpstreamPool> pools(Map<String, UpstreamConfig> upstreams, Map<String, UpstreamPool> previous)
            throws ServiceException {
        Map<String, UpstreamPool> pools = new java.util.HashMap<>();
        for (Map.Entry<String, UpstreamConfig> entry : upstreams.entrySet()) {
            UpstreamPool old = previous.get(entry.getKey());
            if (old != null && old.config().equals(entry.getValue())) {
                pools.put(entry.getKey(), old);
            } else {
                pools.put(entry.getKey(), pool(entry.getKey(), entry.getValue()));
            }
        }
        return pools;
    }

    private UpstreamPool pool(String name, UpstreamConfig config) throws ServiceException {
        List<UpstreamServer> servers = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < config.servers().size(); i++) {
            ServerConfig server = config.servers().get(i);
            servers.add(new UpstreamServer(i, server.address(), server.weight(), server.backup()));
            addresses.add(resolve(name, server));
        }
        return new UpstreamPool(name, config, LoadBalancers.create(config.balance(), servers), addresses, channelType,
                new PoolMeters(registry, name, servers));
    }

    private static InetSocketAddress resolve(String pool, ServerConfig server) throws ServiceException {
        InetSocketAddress address = server.address().toSocketAddress();
        if (!address.isUnresolved()) {
            return address;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(server.address().host()), server.address().port());
        } catch (UnknownHostException e) {
            throw new ServiceException("proxy: upstream " + pool + ": cannot resolve " + server.address().host()
                    + " (host not found)", e);
        }
    }

    ListenerRuntime listener(ListenerConfig config, Map<String, UpstreamPool> pools, String nodeName, AccessLog accessLog) {
        HeaderEdits listenerRequest = HeaderEdits.compile(config.headers().request());
        HeaderEdits listenerResponse = HeaderEdits.compile(config.headers().response());
        List<RouteAction> actions = new ArrayList<>(config.routes().size());
        for (int i = 0; i < config.routes().size(); i++) {
            actions.add(action(i, config.routes().get(i), pools, listenerRequest, listenerResponse));
        }
        List<String> routeNames = new ArrayList<>();
        for (int i = 0; i < config.routes().size(); i++) {
            routeNames.add(config.routes().get(i).name().orElse(Integer.toString(i)));
        }
        return new ListenerRuntime(config.name(), "http", nodeName, RouteTable.compile(config.routes(), actions),
                config.limits(), new ForwardedHeaders(config.forwarded()), new AccessList(config.allow(), config.deny()),
                new RequestObserver(registry, config.name(), routeNames, accessLog, clock),
                new ConnectionMeters(registry, config.name()), config.compression(),
                new LocalAnswers(errorPages(config), listenerResponse));
    }

    private static Map<Integer, LocalAnswers.ErrorPage> errorPages(ListenerConfig config) {
        Map<Integer, LocalAnswers.ErrorPage> pages = new java.util.HashMap<>();
        config.errorPages().forEach((code, page) -> pages.put(Integer.parseInt(code),
                new LocalAnswers.ErrorPage(ValueTemplate.compile(page.body()), page.contentType())));
        return pages;
    }

    private RouteAction action(int index, RouteConfig route, Map<String, UpstreamPool> pools,
                                      HeaderEdits listenerRequest, HeaderEdits listenerResponse) {
        HeaderEdits request = listenerRequest.then(HeaderEdits.compile(route.headers().request()));
        HeaderEdits response = listenerResponse.then(HeaderEdits.compile(route.headers().response()));
        if (route.upstream().isPresent()) {
            return new ProxyPass(index, pools.get(route.upstream().get()), PathRewrite.of(route), request, response);
        }
        if (route.respond().isPresent()) {
            RespondConfig respond = route.respond().get();
            HeaderEdits headers = HeaderEdits.compile(new io.edgeplane.config.proxy.HeaderEditsConfig(
                    List.of(), respond.headers(), Map.of()));
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
