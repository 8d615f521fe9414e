package io.edgeplane.proxy.resolve;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one thread ({@code edgeplane-resolver-...}) on which upstream names are looked up and their refreshes
 * are timed. It is apart from the data event loops so that a slow or silent name server never delays a
 * request. NIO, whatever the data loops use: a few datagrams a second need no native transport.
 */
public final class ResolverThread implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("edgeplane-resolver", true), NioIoHandler.newFactory());

    /** The thread's loop, for the DNS resolver's sockets. */
    public EventLoop loop() {
        return group.next();
    }

    /** Timers on this thread. */
    public Scheduler scheduler() {
        EventLoop loop = loop();
        return (task, delay) -> loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the thread, waiting a little for it; refreshes still scheduled are dropped. */
    public void close(Duration wait) {
        group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(wait.toMillis() + 1000);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(1));
    }
}
