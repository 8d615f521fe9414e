package io.edgeplane.ntp.server;

import io.edgeplane.core.transport.ListeningSockets;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;

/** The sockets of one configured address: a reload keeps them when the address stays. */
sealed interface NtpListener permits NtpListener.Netty, NtpListener.KernelStamped {

    /** Where they are bound (the port the kernel chose for port 0). */
    InetSocketAddress localAddress();

    /** Whether they are all still answering. */
    boolean isActive();

    /** Closes them, waiting: the port is free when this returns. */
    void close();

    default String describe() {
        return ListeningSockets.hostPort(localAddress());
    }

    /** Netty datagram channels: the path where the kernel-stamped sockets are not available. */
    record Netty(Channel first) implements NtpListener {
        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) first.localAddress();
        }

        @Override
        public boolean isActive() {
            return first.isActive();
        }

        @Override
        public void close() {
            // Closing the first closes the others (NtpService.bind).
            first.close().awaitUninterruptibly();
        }
    }

    /** One {@link KernelStampedSocket} per event loop, sharing the address with SO_REUSEPORT. */
    record KernelStamped(List<KernelStampedSocket> sockets) implements NtpListener {
        public KernelStamped {
            sockets = List.copyOf(sockets);
            if (sockets.isEmpty()) {
                throw new IllegalArgumentException("a listener has at least one socket");
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return sockets.getFirst().socket().localAddress();
        }

        @Override
        public boolean isActive() {
            return sockets.stream().allMatch(KernelStampedSocket::isActive);
        }

        @Override
        public void close() {
            sockets.forEach(KernelStampedSocket::stop);
        }
    }
}
