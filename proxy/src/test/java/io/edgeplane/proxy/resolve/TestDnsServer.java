package io.edgeplane.proxy.resolve;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, port chosen by the kernel) for one name (and any
 * others added with {@link #serveAlso}), whose answer a test sets and changes: A records with a TTL, or an
 * error code, or silence. AAAA questions for its names get an empty NOERROR answer (they have no IPv6
 * address); other names get NXDOMAIN. It counts the A questions it gets, by name.
 */
public final class TestDnsServer implements AutoCloseable {

    /** What the server does with a question for the name. */
    private record Behaviour(List<InetAddress> addresses, long ttlSeconds, DnsResponseCode error, boolean silent) {
    }

    private final String name;
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private volatile Behaviour behaviour;

    /** Serves {@code name} with {@code addresses} and a TTL of {@code ttlSeconds}. */
    public TestDnsServer(String name, List<String> addresses, long ttlSeconds) throws InterruptedException {
        this.name = normalise(name);
        serveAlso(name);
        answer(addresses, ttlSeconds);
        this.channel = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Where to send queries. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** {@code 127.0.0.1:PORT}, for a config's {@code resolver.servers}. */
    public String hostPort() {
        return "127.0.0.1:" + address().getPort();
    }

    /** From now on the name resolves to {@code addresses} with this TTL. */
    public void answer(List<String> addresses, long ttlSeconds) {
        List<InetAddress> parsed = addresses.stream().map(TestDnsServer::literal).toList();
        behaviour = new Behaviour(parsed, ttlSeconds, null, false);
    }

    /** From now on every question for the name is answered with {@code code} (SERVFAIL, NXDOMAIN, ...). */
    public void fail(DnsResponseCode code) {
        behaviour = new Behaviour(List.of(), 0, code, false);
    }

    /** From now on questions for the name get no answer at all. */
    public void silence() {
        behaviour = new Behaviour(List.of(), 0, null, true);
    }

    /** Answers {@code other} the same way as the name. */
    public void serveAlso(String other) {
        queries.putIfAbsent(normalise(other), new AtomicInteger());
    }

    /** A questions received for the name so far. */
    public int queries() {
        return queries(name);
    }

    /** A questions received for {@code served}, one of the names served, so far. */
    public int queries(String served) {
        return queries.get(normalise(served)).get();
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            if (question == null) {
                return;
            }
            AtomicInteger count = queries.get(normalise(question.name()));
            boolean ours = count != null;
            Behaviour now = behaviour;
            if (ours && question.type() == DnsRecordType.A) {
                count.incrementAndGet();
            }
            if (ours && now.silent()) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(true).setAuthoritativeAnswer(true);
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            if (!ours) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else if (now.error() != null) {
                response.setCode(now.error());
            } else if (question.type() == DnsRecordType.A) {
                for (InetAddress address : now.addresses()) {
                    response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A,
                            now.ttlSeconds(), Unpooled.wrappedBuffer(address.getAddress())));
                }
            }
            // Any other type for the name: NOERROR without records ("no data").
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
