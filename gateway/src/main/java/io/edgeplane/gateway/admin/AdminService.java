package io.edgeplane.gateway.admin;

import io.edgeplane.config.AdminConfig;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.ListeningSockets;
import io.edgeplane.gateway.runtime.ServiceContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener. A reload that keeps its address keeps its socket and only swaps who may come in; a
 * new address is bound before the old one is closed, so a bad address leaves the old listener serving.
 */
public final class AdminService implements Service {

    private static final Logger log = LoggerFactory.getLogger(AdminService.class);

    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int MAX_BODY = 64 * 1024;
    private static final int IDLE_SECONDS = 60;

    private final ServiceContext context;
    private final AdminApi api;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AuditLog audit = new AuditLog();
    private final ChannelGroup connections = new DefaultChannelGroup("admin-connections", ImmediateEventExecutor.INSTANCE);

    private volatile AdminPolicy policy;
    private volatile Channel listener;
    private volatile HostPort listen;

    public AdminService(ServiceContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.api = new AdminApi(context.control(), context.clock(), audit, context.meters());
    }

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        AdminConfig admin = config.admin()
                .orElseThrow(() -> new IllegalStateException("the admin service runs only with an admin section"));
        AdminPolicy nextPolicy = AdminPolicy.of(admin);
        Optional<Path> auditFile = admin.auditLog().map(Path::of);
        if (listener != null && admin.listen().equals(listen)) {
            return new Transition() {
                @Override
                public void commit() {
                    policy = nextPolicy;
                    audit.writeTo(auditFile);
                }

                @Override
                public void abort() {
                }
            };
        }
        if (policy == null) {
            // A new socket accepts as soon as it is bound, before the commit; its first clients must
            // already be checked against the config that bound it.
            policy = nextPolicy;
        }
        Channel bound = bind(admin.listen());
        return new Transition() {
            @Override
            public void commit() {
                Channel previous = listener;
                policy = nextPolicy;
                audit.writeTo(auditFile);
                listen = admin.listen();
                listener = bound;
                if (previous != null) {
                    previous.close();
                }
                log.info("admin: listening on {}", ListeningSockets.httpUrl(bound));
            }

            @Override
            public void abort() {
                bound.close().awaitUninterruptibly();
            }
        };
    }

    private Channel bind(HostPort address) throws ServiceException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(context.eventLoops().group())
                .channel(context.eventLoops().serverChannelType())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                                new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_BODY),
                                new HttpObjectAggregator(MAX_BODY),
                                new AdminHttpHandler(() -> policy, api, context.blocking(), inFlight));
                    }
                });
        ChannelFuture future = bootstrap.bind(address.toSocketAddress()).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new ServiceException("admin: cannot listen on " + address + ": "
                    + ListeningSockets.bindFailure(future.cause()), future.cause());
        }
        return future.channel();
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        Channel current = listener;
        listener = null;
        if (current != null) {
            current.close().awaitUninterruptibly();
        }
        return inFlight.drained(grace, context.blocking())
                .thenRun(() -> connections.close().awaitUninterruptibly());
    }

    @Override
    public Health health() {
        Channel current = listener;
        return current != null && current.isActive()
                ? Health.up("listening on " + ListeningSockets.httpUrl(current))
                : Health.down("not listening");
    }

    @Override
    public List<String> endpoints() {
        Channel current = listener;
        return current == null ? List.of() : List.of(ListeningSockets.httpUrl(current));
    }
}
