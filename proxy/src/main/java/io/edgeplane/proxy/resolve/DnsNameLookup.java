package io.edgeplane.proxy.resolve;

import io.edgeplane.config.proxy.ResolverConfig;
import io.edgeplane.config.value.Durations;
import io.edgeplane.config.value.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Looks names up on the resolver thread: in {@code /etc/hosts} first, then with Netty's DNS resolver, an A
 * and an AAAA query at once, each following CNAMEs, with the records' TTLs kept. The IPv4 addresses are
 * used when the name has any, the IPv6 ones otherwise, as the JDK's resolver (and so edgeplane before
 * re-resolution) orders them: a dual-stack name on a host without IPv6 routes keeps working.
 *
 * <p>Nothing is cached here: the caller decides when to ask again, from the TTL.
 */
public final class DnsNameLookup implements NameLookup {

    /**
     * The TTL of a name found in the hosts file, which has none: how often the file is looked at again for
     * it (a stat; it is parsed only when it changed). The JDK caches such answers for as long.
     */
    public static final Duration HOSTS_FILE_TTL = Duration.ofSeconds(30);

    private final DnsNameResolverBuilder builder;
    private final HostsFile hostsFile;
    private final EventLoop loop;
    private final Duration timeout;
    // Both used on the resolver thread only. The resolver (and its UDP socket) is made at the first DNS
    // question, so a config of IP addresses only, or of hosts-file names, opens no socket at all.
    private DnsNameResolver resolver;
    private boolean closed;

    /**
     * @param loop the resolver thread's loop, which must be an NIO loop; never a data event loop
     */
    public DnsNameLookup(ResolverConfig config, EventLoop loop) {
        this(config, loop, Path.of("/etc/hosts"));
    }

    DnsNameLookup(ResolverConfig config, EventLoop loop, Path hostsFile) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.timeout = config.timeout();
        this.hostsFile = new HostsFile(hostsFile);
        this.builder = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                // An answer too long for UDP (many addresses) is asked again over TCP.
                .socketChannelType(NioSocketChannel.class)
                .queryTimeoutMillis(Math.max(1, config.timeout().toMillis()))
                .nameServerProvider(nameServers(config))
                // resolveAll(DnsQuestion) caches nothing itself; the CNAME and authoritative caches would
                // otherwise keep a chain past the TTL that the caller schedules by.
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                // The hosts file is read by HostsFile, again when it changes; Netty's reads it once a process.
                .hostsFileEntriesResolver((host, types) -> null)
                .recursionDesired(true);
    }

    private static DnsServerAddressStreamProvider nameServers(ResolverConfig config) {
        if (config.servers().isEmpty()) {
            // The nameservers (and search, ndots) of /etc/resolv.conf, as the system resolver would use them.
            return DnsServerAddressStreamProviders.platformDefault();
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (HostPort server : config.servers()) {
            servers.add(server.toSocketAddress());
        }
        // In the order written: the first answers unless it times out, as resolv.conf's servers are tried.
        return new SequentialDnsServerAddressStreamProvider(servers);
    }

    @Override
    public CompletableFuture<ResolvedName> lookup(String host) {
        Objects.requireNonNull(host, "host");
        CompletableFuture<ResolvedName> result = new CompletableFuture<>();
        try {
            loop.execute(() -> start(host, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new NameLookupException(host, "the resolver has stopped", e));
        }
        return result;
    }

    /** On the resolver thread. Whatever happens, {@code result} completes: a watch waits for it. */
    private void start(String host, CompletableFuture<ResolvedName> result) {
        try {
            if (closed) {
                result.completeExceptionally(new NameLookupException(host, "the resolver has stopped", null));
                return;
            }
            List<InetAddress> fromFile = hostsFile.addresses(host);
            if (!fromFile.isEmpty()) {
                // As with nsswitch's "files dns": an entry in the hosts file wins over DNS.
                result.complete(new ResolvedName(host, fromFile, HOSTS_FILE_TTL));
                return;
            }
            if (resolver == null) {
                resolver = builder.build();
            }
            Future<List<DnsRecord>> v4 = resolver.resolveAll(new DefaultDnsQuestion(host, DnsRecordType.A));
            Future<List<DnsRecord>> v6 = resolver.resolveAll(new DefaultDnsQuestion(host, DnsRecordType.AAAA));
            v4.addListener(a -> v6.addListener(b -> complete(host, v4, v6, result)));
        } catch (RuntimeException e) {
            result.completeExceptionally(new NameLookupException(host, e.toString(), e));
        }
    }

    private void complete(String host, Future<List<DnsRecord>> v4, Future<List<DnsRecord>> v6,
                          CompletableFuture<ResolvedName> result) {
        List<DnsRecord> a = v4.isSuccess() ? v4.getNow() : List.of();
        List<DnsRecord> aaaa = v6.isSuccess() ? v6.getNow() : List.of();
        try {
            ResolvedName ipv4 = answer(host, a, 4);
            if (ipv4 != null) {
                result.complete(ipv4);
                return;
            }
            // No IPv4 address. Fall back to IPv6 only when the A query said so for certain: after a timeout
            // or a SERVFAIL a dual-stack server would otherwise swing to IPv6 until the next good answer.
            boolean noIpv4 = v4.isSuccess() || isNegative(v4.cause());
            ResolvedName ipv6 = noIpv4 ? answer(host, aaaa, 16) : null;
            if (ipv6 != null) {
                result.complete(ipv6);
                return;
            }
            // Report what kept the name from resolving: the A query's error, or else the AAAA query's.
            Throwable cause = noIpv4 && !v6.isSuccess() ? v6.cause() : v4.cause();
            result.completeExceptionally(new NameLookupException(host, reason(cause), cause));
        } catch (RuntimeException e) {
            result.completeExceptionally(new NameLookupException(host, e.toString(), e));
        } finally {
            // resolveAll hands over one reference per record.
            a.forEach(ReferenceCountUtil::release);
            aaaa.forEach(ReferenceCountUtil::release);
        }
    }

    /** The addresses of the {@code length}-byte records among {@code records}, or null if there are none. */
    private static ResolvedName answer(String host, List<DnsRecord> records, int length) {
        List<InetAddress> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (DnsRecord record : records) {
            if (!(record instanceof DnsRawRecord raw) || raw.content().readableBytes() != length
                    || !(record.type() == DnsRecordType.A || record.type() == DnsRecordType.AAAA)) {
                continue;
            }
            ByteBuf content = raw.content();
            InetAddress address;
            try {
                address = InetAddress.getByAddress(host, ByteBufUtil.getBytes(content, content.readerIndex(), length));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("an address of " + length + " bytes was refused", e);
            }
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
            ttl = Math.min(ttl, record.timeToLive());
        }
        return addresses.isEmpty() ? null : new ResolvedName(host, addresses, Duration.ofSeconds(Math.max(0, ttl)));
    }

    /**
     * Whether the name servers said for certain that there is no such record (NXDOMAIN, or no data),
     * rather than failing to answer (timeout, SERVFAIL, REFUSED, a socket error).
     */
    private static boolean isNegative(Throwable cause) {
        return cause != null && error(cause) == null;
    }

    /** The first thing in {@code cause}'s chain that is not a plain "not found", or null if there is none. */
    private static Throwable error(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DnsErrorCauseException e && e.getCode() == DnsResponseCode.NXDOMAIN) {
                continue;
            }
            if (!(t instanceof UnknownHostException)) {
                return t;
            }
        }
        return null;
    }

    private String reason(Throwable cause) {
        Throwable error = cause == null ? null : error(cause);
        if (error == null) {
            return "host not found";
        }
        if (error instanceof DnsNameResolverTimeoutException) {
            return "no answer from the name servers within " + Durations.format(timeout);
        }
        if (error instanceof DnsErrorCauseException e) {
            return "the name server answered " + e.getCode();
        }
        return "no answer from the name servers: " + error;
    }

    /** Closes the resolver's sockets (on the resolver thread, soon); lookups in flight fail. */
    @Override
    public void close() {
        try {
            loop.execute(() -> {
                closed = true;
                if (resolver != null) {
                    resolver.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // The resolver thread has stopped, and its sockets with it.
        }
    }
}
