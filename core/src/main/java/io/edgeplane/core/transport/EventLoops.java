package io.edgeplane.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The process's one event-loop group and the channel types that go with it. Every listener and every
 * upstream connection of every service runs on it, so a proxied connection and its upstream can share a
 * thread. Native epoll where the platform has it; NIO otherwise.
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean nativeEpoll;
    private final int threads;

    private EventLoops(EventLoopGroup group, boolean nativeEpoll, int threads) {
        this.group = group;
        this.nativeEpoll = nativeEpoll;
        this.threads = threads;
    }

    /** A group of {@code threads} loops (0 = one per core) named {@code edgeplane-loop-N}. */
    public static EventLoops create(int threads) {
        int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory handler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(size, new DefaultThreadFactory("edgeplane-loop"), handler);
        return new EventLoops(group, epoll, size);
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends ServerSocketChannel> serverChannelType() {
        return nativeEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannelType() {
        return nativeEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannelType() {
        return nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** {@code epoll} or {@code nio}, for the start-up line and the stats page. */
    public String transportName() {
        return nativeEpoll ? "epoll" : "nio";
    }

    public int threads() {
        return threads;
    }

    /** Stops the loops once every service has stopped; waits at most {@code timeout}. */
    public void shutdown(Duration timeout) {
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(2));
    }
}
