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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process's one event-loop group and the channel types that go with it. Every listener and every
 * upstream connection of every service runs on it, so a proxied connection and its upstream can share a
 * thread.
 *
 * <p>The transport is native epoll, else NIO; io_uring when asked for with
 * {@code -Dedgeplane.transport=io_uring} and the kernel allows it (containers often forbid it: Docker's
 * default seccomp profile does). io_uring submits a loop's reads and writes in batches instead of one
 * system call each: with {@code bench/proxy-vs-peers}' setup the proxy spent a quarter less kernel time
 * per request (13 → 9.5 µs) and served 14 % more requests than on epoll, but each idle connection costs
 * about 190 bytes more heap (2.19 against 2.00 KB), which would break the 2 KB per idle connection that
 * an edge node is promised, so epoll stays the default.
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean nativeEpoll;
    private final boolean ioUring;
    private final int threads;

    private EventLoops(EventLoopGroup group, boolean nativeEpoll, boolean ioUring, int threads) {
        this.group = group;
        this.nativeEpoll = nativeEpoll;
        this.ioUring = ioUring;
        this.threads = threads;
    }

    /**
     * A group of {@code threads} loops (0 = one per core) named {@code edgeplane-loop-N}, on the transport
     * the {@code edgeplane.transport} system property names ({@code auto} when unset).
     */
    public static EventLoops create(int threads) {
        return create(threads, System.getProperty("edgeplane.transport", "auto"));
    }

    /**
     * @param wanted {@code auto} (epoll where the platform has it, else NIO), {@code io_uring}, {@code epoll}
     *               or {@code nio}; one the platform lacks falls back as {@code auto} does
     */
    public static EventLoops create(int threads, String wanted) {
        if (!List.of("auto", "io_uring", "epoll", "nio").contains(wanted)) {
            throw new IllegalArgumentException("edgeplane.transport must be auto, io_uring, epoll or nio, not '" + wanted + "'");
        }
        int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        boolean uring = wanted.equals("io_uring") && IoUring.isAvailable();
        boolean epoll = !uring && !wanted.equals("nio") && Epoll.isAvailable();
        IoHandlerFactory handler = uring ? IoUringIoHandler.newFactory() : epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(size, new DefaultThreadFactory("edgeplane-loop"), handler);
        return new EventLoops(group, epoll, uring, size);
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends ServerSocketChannel> serverChannelType() {
        return ioUring ? IoUringServerSocketChannel.class : nativeEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannelType() {
        return ioUring ? IoUringSocketChannel.class : nativeEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannelType() {
        return ioUring ? IoUringDatagramChannel.class : nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** {@code io_uring}, {@code epoll} or {@code nio}, for the start-up line and the stats page. */
    public String transportName() {
        return ioUring ? "io_uring" : nativeEpoll ? "epoll" : "nio";
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
