package io.edgeplane.ntp.client;

import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one source from its own UDP socket, connected to the source so that the kernel drops datagrams from
 * anyone else, on one event loop. Each request carries a random 64-bit cookie as its transmit time (as chrony's
 * requests do): only a reply echoing it is taken, and our clock is never revealed. T1 is read right before the
 * send and T4 first thing on receipt, both from our own time scale.
 */
public final class SourcePoller implements AutoCloseable {

    /** What a source's poller tells the client. Called on the poller's event loop. */
    public interface Listener {
        /** A usable exchange. */
        void measured(SourcePoller source, Measurement measurement);

        /** The source refused us (DENY or RSTR kiss-o'-death): it is no longer polled. */
        void refused(SourcePoller source, String code);
    }

    private static final Logger log = LoggerFactory.getLogger(SourcePoller.class);

    private final InetSocketAddress server;
    private final PollSchedule schedule;
    private final EventLoop loop;
    private final Class<? extends io.netty.channel.socket.DatagramChannel> channelType;
    private final LongSupplier unixNanos;
    private final RandomGenerator random;
    private final Listener listener;
    private Channel channel;
    private ScheduledFuture<?> nextPoll;
    private long cookie;
    private long sentAt;
    private boolean answered;
    private boolean closed;
    // Written on the loop only; read by stats from anywhere.
    private volatile long bogusReplies;

    /**
     * @param unixNanos our own time scale, for T1 and T4
     * @param random    where cookies come from: a {@link java.security.SecureRandom} in production
     */
    public SourcePoller(InetSocketAddress server, int minPoll, int maxPoll, boolean iburst, EventLoop loop,
                        Class<? extends io.netty.channel.socket.DatagramChannel> channelType, LongSupplier unixNanos,
                        RandomGenerator random, Listener listener) {
        this.server = Objects.requireNonNull(server, "server");
        this.schedule = new PollSchedule(minPoll, maxPoll, iburst);
        this.loop = Objects.requireNonNull(loop, "loop");
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.unixNanos = Objects.requireNonNull(unixNanos, "unixNanos");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public InetSocketAddress server() {
        return server;
    }

    /** The reach register: one bit per poll, the latest in bit 0. Read on the poller's loop, or as a snapshot. */
    public int reach() {
        return schedule.reach();
    }

    public int poll() {
        return schedule.poll();
    }

    /** Replies dropped: wrong origin, malformed, unsynchronised server. */
    public long bogusReplies() {
        return bogusReplies;
    }

    /** Opens the socket and sends the first request at once. */
    public void start() {
        execute(this::open);
    }

    private void open() {
        if (closed) {
            return;
        }
        ChannelFuture connected = new Bootstrap().group(loop).channel(channelType)
                .handler(new ReplyHandler())
                .connect(server);
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                log.warn("ntp: cannot open a socket to {}: {}", server, done.cause().toString());
                nextPoll = loop.schedule(this::open, schedule.nextIntervalNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            channel = connected.channel();
            pollNow();
        });
    }

    private void pollNow() {
        if (closed) {
            return;
        }
        if (cookie != 0 || sentAt != 0) {
            schedule.polled(answered);
        }
        answered = false;
        long next = random.nextLong();
        cookie = next == 0 ? 1 : next;
        byte[] request = NtpPacketEncoder.encode(new NtpPacket(NtpPacket.LEAP_NONE, NtpPacket.VERSION, NtpPacket.MODE_CLIENT,
                0, schedule.poll(), 0, NtpShort.ZERO, NtpShort.ZERO, 0, NtpTimestamp.ZERO, NtpTimestamp.ZERO,
                NtpTimestamp.ZERO, new NtpTimestamp(cookie)));
        ByteBuf out = Unpooled.wrappedBuffer(request);
        sentAt = unixNanos.getAsLong();
        channel.writeAndFlush(out, channel.voidPromise());
        nextPoll = loop.schedule(this::pollNow, schedule.nextIntervalNanos(), TimeUnit.NANOSECONDS);
    }

    private void received(byte[] datagram, int length, long arrived) {
        switch (ReplyCheck.check(datagram, length, cookie)) {
            case ReplyCheck.Outcome.Usable usable -> {
                cookie = 0;
                answered = true;
                NtpPacket reply = usable.reply();
                try {
                    listener.measured(this, new Measurement(sentAt, reply.receiveTime().toUnixNanos(),
                            reply.transmitTime().toUnixNanos(), arrived, reply));
                } catch (RuntimeException e) {
                    // A bug downstream: say so, rather than let the pipeline swallow it reply after reply.
                    log.warn("ntp: using the reply of {} failed", server, e);
                }
            }
            case ReplyCheck.Outcome.Kiss kiss -> {
                cookie = 0;
                if (kiss.rate()) {
                    log.info("ntp: {} says we poll too often (RATE): polling it less often", server);
                    // It answered: reachable, and the slower poll must not be undone as if it had not.
                    answered = true;
                    schedule.slowDown();
                } else if (kiss.refused()) {
                    String code = io.edgeplane.ntp.packet.KissCode.toString(kiss.code());
                    log.warn("ntp: {} refuses to serve us ({}): no longer polling it", server, code);
                    close();
                    listener.refused(this, code);
                }
            }
            case ReplyCheck.Outcome.Bogus bogus -> {
                bogusReplies++;
                log.debug("ntp: dropped a reply from {}: {}", server, bogus.reason());
            }
        }
    }

    @Override
    public void close() {
        execute(() -> {
            closed = true;
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The loops are shutting down: their sockets and timers go with them.
        }
    }

    private final class ReplyHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final byte[] scratch = new byte[1024];

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            long arrived = unixNanos.getAsLong();
            ByteBuf content = packet.content();
            int length = Math.min(content.readableBytes(), scratch.length);
            content.getBytes(content.readerIndex(), scratch, 0, length);
            received(scratch, length, arrived);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable on a connected socket: the poll goes unanswered; the reach register says so.
        }
    }
}
