package io.edgeplane.core.os.net;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one interface go up and down: a {@code NETLINK_ROUTE} socket subscribed to {@code RTMGRP_LINK}, read by a
 * platform thread of its own, which calls the listener with the interface's state first and then each time it
 * changes between {@link Link#isOperational() up and running} and not (keepalived's notion of a link VRRP can use),
 * and when it is deleted (the kernel first reports it down, then gone: both are reported). Other changes of the
 * interface (flags, MTU) are not reported.
 *
 * <p>The socket belongs to the namespace of the thread that calls {@link #start}. When the kernel drops
 * notifications because the socket's buffer overflowed (ENOBUFS), the monitor asks for the interface again, so a
 * change is never missed for good. The listener runs on the monitor's thread, one call at a time; an exception from
 * it is logged and the monitor goes on. {@link #close()} stops the thread within milliseconds.
 */
public final class LinkMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkMonitor.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final NetlinkChannel channel;
    private final int ifindex;
    private final Consumer<LinkEvent> listener;
    private final Thread thread;
    private LinkEvent reported;
    private int sequence;

    private LinkMonitor(NetlinkChannel channel, int ifindex, Consumer<LinkEvent> listener) {
        this.channel = channel;
        this.ifindex = ifindex;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("link-monitor-" + ifindex).daemon(true).unstarted(this::run);
    }

    /** Subscribes and starts the thread; the first event, the interface's current state, follows shortly. */
    public static LinkMonitor start(Libc libc, int ifindex, Consumer<LinkEvent> listener) throws IOException {
        Objects.requireNonNull(libc, "libc");
        Link.requireIndex(ifindex);
        Objects.requireNonNull(listener, "listener");
        LinkMonitor monitor = new LinkMonitor(NetlinkChannel.open(libc, NetlinkMessages.RTMGRP_LINK), ifindex,
                listener);
        try {
            // Asked after subscribing, so no change can fall between the answer and the first notification.
            monitor.requestLink();
        } catch (IOException | RuntimeException e) {
            monitor.channel.close();
            throw e;
        }
        monitor.thread.start();
        return monitor;
    }

    /** The interface watched. */
    public int ifindex() {
        return ifindex;
    }

    private void requestLink() throws IOException {
        channel.send(NetlinkMessages.getLink(++sequence, ifindex), "sendto(RTM_GETLINK ifindex " + ifindex + ")");
    }

    private void run() {
        try {
            while (true) {
                List<NetlinkMessages.Message> messages;
                try {
                    messages = channel.receive(Long.MAX_VALUE);
                } catch (SystemCallException e) {
                    if (e.errno() != Errno.ENOBUFS) {
                        throw e;
                    }
                    log.warn("link monitor for ifindex {}: notifications were lost (ENOBUFS); asking again",
                            ifindex);
                    requestLink();
                    continue;
                }
                for (NetlinkMessages.Message message : messages) {
                    handle(message);
                }
            }
        } catch (AsynchronousCloseException closed) {
            // close() was called: the normal way out.
        } catch (IOException | RuntimeException e) {
            log.error("link monitor for ifindex {} stopped", ifindex, e);
        }
    }

    private void handle(NetlinkMessages.Message message) {
        switch (message.type()) {
            case NetlinkMessages.RTM_NEWLINK -> {
                if (NetlinkMessages.linkIndex(message) == ifindex) {
                    Link link = NetlinkMessages.link(message);
                    report(new LinkEvent(ifindex, link.isOperational(), Optional.of(link)));
                }
            }
            case NetlinkMessages.RTM_DELLINK -> {
                if (NetlinkMessages.linkIndex(message) == ifindex) {
                    report(new LinkEvent(ifindex, false, Optional.empty()));
                }
            }
            case NetlinkMessages.NLMSG_ERROR -> {
                // The answer to our RTM_GETLINK: an ack, or ENODEV when the interface is already gone.
                if (message.sequence() == sequence && NetlinkMessages.errno(message) == Errno.ENODEV) {
                    report(new LinkEvent(ifindex, false, Optional.empty()));
                }
            }
            default -> { }
        }
    }

    private void report(LinkEvent event) {
        if (reported != null && reported.up() == event.up()
                && reported.link().isPresent() == event.link().isPresent()) {
            return;
        }
        reported = event;
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.error("link monitor for ifindex {}: the listener failed on {}", ifindex, event, e);
        }
    }

    /** Whether the monitor's thread still runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops the thread and closes the socket; waits up to two seconds for a listener call in progress to end,
     * unless called from the listener itself. Idempotent.
     */
    @Override
    public void close() {
        channel.close();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
