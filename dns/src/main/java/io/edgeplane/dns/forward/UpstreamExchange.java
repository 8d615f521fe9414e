package io.edgeplane.dns.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded query's run through its servers: a UDP query on a fresh socket per attempt, TCP to the same
 * server after a truncated reply, the next server after SERVFAIL, REFUSED, a broken connection or a timeout,
 * until a reply is accepted or the attempts are spent.
 *
 * <p>Everything here runs on one event loop, the one its sockets are registered with, so its state needs no
 * locks; a callback for an attempt that is over (a late reply, a timer that lost the race) finds it over and
 * does nothing.
 */
final class UpstreamExchange {

    private static final Logger log = LoggerFactory.getLogger(UpstreamExchange.class);

    /**
     * Datagrams are read into buffers of this size. The query advertises {@link SentQuery#EDNS_PAYLOAD}; a reply
     * that fills the buffer may have been cut short by it, which nothing in the datagram would show, so it is
     * asked again over TCP rather than trusted.
     */
    static final int RECEIVE_BUFFER = 4096;
    private static final int MAX_TCP_MESSAGE = 65535;
    private static final InetSocketAddress ANY_IPV4 = anyAddress(4);
    private static final InetSocketAddress ANY_IPV6 = anyAddress(16);

    /** One query to one server, over UDP or TCP. */
    static final class Attempt {
        private final UpstreamStats upstream;
        private final SentQuery query;
        private final boolean tcp;
        private long sentAt;
        private Channel channel;
        private ScheduledFuture<?> timer;
        private boolean over;

        private Attempt(UpstreamStats upstream, SentQuery query, boolean tcp) {
            this.upstream = upstream;
            this.query = query;
            this.tcp = tcp;
        }

        SentQuery query() {
            return query;
        }
    }

    private final Forwarder forwarder;
    private final FlightKey key;
    private final List<UpstreamStats> order;
    private final EventLoop loop;
    private final Consumer<ForwardResult> done;
    private int attempts;
    private boolean serverFailed;
    private Attempt current;

    UpstreamExchange(Forwarder forwarder, FlightKey key, List<UpstreamStats> order, EventLoop loop,
                     Consumer<ForwardResult> done) {
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.key = Objects.requireNonNull(key, "key");
        this.order = List.copyOf(order);
        this.loop = Objects.requireNonNull(loop, "loop");
        this.done = Objects.requireNonNull(done, "done");
        if (this.order.isEmpty()) {
            throw new IllegalArgumentException("an exchange needs at least one server");
        }
    }

    /** Sends the first query; on the exchange's loop. */
    void start() {
        nextAttempt();
    }

    private void nextAttempt() {
        if (attempts == forwarder.settings().attempts()) {
            done.accept(new ForwardResult.Failed(serverFailed ? ForwardResult.Failure.SERVFAIL : ForwardResult.Failure.TIMEOUT));
            return;
        }
        UpstreamStats upstream = order.get(attempts % order.size());
        attempts++;
        sendUdp(upstream);
    }

    private void sendUdp(UpstreamStats upstream) {
        Attempt attempt = begin(upstream, forwarder.newQuery(key), false);
        InetSocketAddress server = upstream.server().address();
        // Port 0: the kernel picks a random ephemeral port, a fresh one per query (RFC 5452 §4.5).
        ChannelFuture bound = new Bootstrap()
                .group(loop)
                .channel(forwarder.eventLoops().datagramChannelType())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .handler(new UdpReplyHandler(this, attempt))
                .bind(server.getAddress() instanceof Inet6Address ? ANY_IPV6 : ANY_IPV4);
        attempt.channel = bound.channel();
        bound.addListener(future -> {
            if (attempt.over) {
                attempt.channel.close();
            } else if (!future.isSuccess()) {
                fail(attempt, "cannot open a UDP socket: " + future.cause());
            } else {
                attempt.channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(attempt.query.message()), server))
                        .addListener(written -> {
                            if (!written.isSuccess()) {
                                fail(attempt, "cannot send: " + written.cause());
                            }
                        });
            }
        });
    }

    private void sendTcp(UpstreamStats upstream, SentQuery query) {
        Attempt attempt = begin(upstream, query, true);
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(forwarder.eventLoops().socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(forwarder.timeoutNanos())))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2),
                                new LengthFieldPrepender(2),
                                new TcpReplyHandler(UpstreamExchange.this, attempt));
                    }
                })
                .connect(upstream.server().address());
        attempt.channel = connected.channel();
        connected.addListener(future -> {
            if (attempt.over) {
                attempt.channel.close();
            } else if (!future.isSuccess()) {
                fail(attempt, "cannot connect over TCP: " + future.cause());
            }
        });
    }

    private Attempt begin(UpstreamStats upstream, SentQuery query, boolean tcp) {
        Attempt attempt = new Attempt(upstream, query, tcp);
        current = attempt;
        upstream.sent();
        attempt.sentAt = forwarder.nanos();
        // The clock starts before the socket exists, so a bind or connect that hangs is a timeout too.
        attempt.timer = loop.schedule(() -> timedOut(attempt), forwarder.timeoutNanos(), TimeUnit.NANOSECONDS);
        return attempt;
    }

    /** A datagram on the attempt's socket, from anyone: only the queried server's reply to this query counts. */
    void onDatagram(Attempt attempt, InetSocketAddress sender, byte[] reply) {
        if (!attempt.upstream.server().address().equals(sender) || !attempt.query.isAnsweredBy(reply)) {
            // Spoofed, or stray: dropped, and the query waits on for the real reply (RFC 5452 §9.1).
            forwarder.countSpoofed();
            log.debug("dns: dropped a reply from {} that does not answer query {} sent to {}", sender,
                    attempt.query.id(), attempt.upstream.server().address());
            return;
        }
        if (attempt.over || attempt != current) {
            return;
        }
        end(attempt);
        attempt.upstream.replied(forwarder.nanos() - attempt.sentAt);
        ReplyHeader header = ReplyHeader.read(reply);
        if (header.truncated() || reply.length >= RECEIVE_BUFFER) {
            // The answer did not fit: the same question to the same server over TCP (RFC 7766 §5).
            sendTcp(attempt.upstream, attempt.query);
        } else {
            accept(attempt, reply, header);
        }
    }

    void onTcpReply(Attempt attempt, byte[] reply) {
        if (attempt.over || attempt != current) {
            return;
        }
        if (!attempt.query.isAnsweredBy(reply)) {
            // On a connection of its own nobody else can inject a message: the server is broken, not spoofed.
            fail(attempt, "answered over TCP with a message that is not the reply to the query");
            return;
        }
        end(attempt);
        attempt.upstream.replied(forwarder.nanos() - attempt.sentAt);
        accept(attempt, reply, ReplyHeader.read(reply));
    }

    void onTcpFailure(Attempt attempt, String why) {
        fail(attempt, why);
    }

    private void accept(Attempt attempt, byte[] reply, ReplyHeader header) {
        if (header.serverFailed()) {
            log.debug("dns: {} answered {} with RCODE {}; asking the next server", attempt.upstream.server(), key.name(), header.rcode());
            attempt.upstream.countFailure();
            serverFailed = true;
            nextAttempt();
        } else {
            done.accept(new ForwardResult.Answered(reply, attempt.upstream.server(), attempt.tcp));
        }
    }

    private void fail(Attempt attempt, String why) {
        if (attempt.over || attempt != current) {
            return;
        }
        end(attempt);
        attempt.upstream.failed();
        serverFailed = true;
        log.debug("dns: upstream {} for {}: {}", attempt.upstream.server(), key.name(), why);
        nextAttempt();
    }

    private void timedOut(Attempt attempt) {
        if (attempt.over || attempt != current) {
            return;
        }
        end(attempt);
        attempt.upstream.timedOut(forwarder.timeoutNanos());
        nextAttempt();
    }

    private void end(Attempt attempt) {
        attempt.over = true;
        attempt.timer.cancel(false);
        if (attempt.channel != null) {
            attempt.channel.close();
        }
    }

    private static InetSocketAddress anyAddress(int length) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[length]), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + length + " bytes is always valid", e);
        }
    }
}
