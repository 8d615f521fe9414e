package io.edgeplane.ntp.client;

import io.edgeplane.config.ntp.NtpConfig;
import io.edgeplane.config.ntp.NtpPoolConfig;
import io.edgeplane.config.ntp.NtpServerConfig;
import io.edgeplane.config.value.TimeServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources an {@code ntp} section names, resolved: each {@code server} to its first address, each
 * {@code pool} to up to {@code max_sources} of its addresses (chrony's {@code maxsources}), an address given
 * twice polled once. Blocking (name lookups): call it off the event loops.
 */
public final class SourceAddresses {

    /** A name lookup: {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    /** One source to poll, with its own poll settings, and whether it is preferred ({@code prefer}). */
    public record Source(InetSocketAddress address, String configuredAs, int minPoll, int maxPoll, boolean iburst,
                         boolean prefer) {
    }

    private static final Logger log = LoggerFactory.getLogger(SourceAddresses.class);

    private SourceAddresses() {
    }

    /** Resolves what it can; a name that does not resolve is logged and left out (tried again on reload). */
    public static List<Source> resolve(NtpConfig ntp, Lookup lookup) {
        List<Source> sources = new ArrayList<>();
        Set<InetSocketAddress> seen = new LinkedHashSet<>();
        for (NtpServerConfig server : ntp.servers()) {
            add(sources, seen, addresses(server.address(), lookup), 1, address -> new Source(address,
                    server.address().toString(), server.minpoll(), server.maxpoll(), server.iburst(), server.prefer()));
        }
        for (NtpPoolConfig pool : ntp.pools()) {
            add(sources, seen, addresses(pool.name(), lookup), pool.maxSources(), address -> new Source(address,
                    pool.name().toString(), pool.minpoll(), pool.maxpoll(), pool.iburst(), pool.prefer()));
        }
        return List.copyOf(sources);
    }

    /** Adds up to {@code atMost} of {@code addresses} not already polled. */
    private static void add(List<Source> sources, Set<InetSocketAddress> seen, List<InetSocketAddress> addresses,
                            int atMost, Function<InetSocketAddress, Source> source) {
        int added = 0;
        for (InetSocketAddress address : addresses) {
            if (added < atMost && seen.add(address)) {
                sources.add(source.apply(address));
                added++;
            }
        }
    }

    private static List<InetSocketAddress> addresses(TimeServer server, Lookup lookup) {
        try {
            // An IP literal is never looked up.
            InetAddress[] all = server.isIpLiteral() ? new InetAddress[] {InetAddress.getByName(server.host())}
                    : lookup.all(server.host());
            return Stream.of(all).map(address -> new InetSocketAddress(address, server.port())).toList();
        } catch (UnknownHostException | SecurityException e) {
            log.warn("ntp: cannot resolve {}: {}; it is left out until the next reload", server, e.getMessage());
            return List.of();
        }
    }
}
