package io.edgeplane.proxy.limit;

import io.edgeplane.config.proxy.RateLimitConfig;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.util.AsciiString;
import java.util.Objects;

/** What a rate limit counts requests by, made into the {@code long} its table is keyed by. */
public sealed interface LimitKey {

    /**
     * @param routeKey the route's own key (see {@link RateLimits}), for {@link Route}
     */
    long of(RequestContext request, ClientAddress client, long routeKey);

    /** The client's address: IPv4 as it is, IPv6 the whole address. */
    record ClientIp(KeyHashes hashes) implements LimitKey {
        @Override
        public long of(RequestContext request, ClientAddress client, long routeKey) {
            return client.exactKey(hashes);
        }
    }

    /** The client's IPv6 /64, IPv4 addresses as they are: one subscriber, however many addresses it takes. */
    record ClientIpv6Prefix() implements LimitKey {
        @Override
        public long of(RequestContext request, ClientAddress client, long routeKey) {
            return client.prefix64Key();
        }
    }

    /**
     * The first value of a header, hashed; a request without the header is counted by its client's address,
     * so leaving the header out is no way around the limit.
     */
    record Header(AsciiString name, KeyHashes hashes) implements LimitKey {
        public Header {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public long of(RequestContext request, ClientAddress client, long routeKey) {
            String value = request.request().headers().get(name);
            return value == null ? client.exactKey(hashes) : hashes.text(value);
        }
    }

    /** The route: every client of the route shares one count. */
    record Route() implements LimitKey {
        @Override
        public long of(RequestContext request, ClientAddress client, long routeKey) {
            return routeKey;
        }
    }

    static LimitKey of(RateLimitConfig config, KeyHashes hashes) {
        return switch (config.key()) {
            case CLIENT_IP -> new ClientIp(hashes);
            case CLIENT_IPV6_64 -> new ClientIpv6Prefix();
            case HEADER -> new Header(AsciiString.of(config.header().orElseThrow()), hashes);
            case ROUTE -> new Route();
        };
    }
}
