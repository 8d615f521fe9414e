package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request rate limit, HAProxy's {@code stick-table ... store http_req_rate(10s)} with
 * {@code http-request reject if { sc_http_req_rate(0) gt 20 }}: at most {@code maxRequests} requests per
 * {@code window} for each key. Defined once under {@code proxy.rate_limits} and named from listeners and
 * routes, which then share its counts; or written inline as a listener's {@code rate_limit}.
 *
 * @param key         what is counted: the client's address, its IPv6 /64, a header's value, or the route
 * @param header      with {@code key: header}: which header; a request without it is counted by its address
 * @param window      the sliding window the requests are counted over
 * @param maxRequests requests let through per window and key
 * @param action      what a request over the limit gets
 * @param tarpitDelay with {@code action: tarpit}: how long the request is held before its 429; absent = 5s
 * @param tableSize   keys tracked at once (HAProxy's {@code size}); when full, the oldest are forgotten
 */
public record RateLimitConfig(
        @Default("client_ip") Key key,
        Optional<String> header,
        Duration window,
        int maxRequests,
        @Default("reject") Action action,
        Optional<Duration> tarpitDelay,
        @Default("100000") int tableSize) implements Checked {

    /**
     * The most requests one window may allow: counts are 16 bits wide so that a key's whole state fits one
     * atomically updated word.
     */
    public static final int MAX_REQUESTS = 65_535;
    public static final int MAX_TABLE_SIZE = 10_000_000;
    public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(1);
    public static final Duration MAX_TARPIT = Duration.ofMinutes(1);
    private static final Duration DEFAULT_TARPIT = Duration.ofSeconds(5);

    public RateLimitConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(tarpitDelay, "tarpitDelay");
    }

    /** What a limit counts by. */
    public enum Key {
        /** The client's address: IPv4 as is, IPv6 the whole address. */
        CLIENT_IP,
        /** The client's IPv6 /64 (one subscriber's usual allocation); IPv4 addresses as is. */
        CLIENT_IPV6_64,
        /** The first value of a request header. */
        HEADER,
        /** The route the request took: one count for all clients of the route. */
        ROUTE
    }

    /** What a request over the limit gets. */
    public enum Action {
        /** 429 Too Many Requests with Retry-After. */
        REJECT,
        /** The connection is closed without an answer. */
        CLOSE,
        /** The request is held for {@code tarpit_delay}, then answered 429 and its connection closed. */
        TARPIT
    }

    /** How long a tarpitted request is held. */
    public Duration effectiveTarpitDelay() {
        return tarpitDelay.orElse(DEFAULT_TARPIT);
    }

    @Override
    public void check(Checks checks) {
        checks.key("window").require(window.compareTo(MIN_WINDOW) >= 0 && window.compareTo(MAX_WINDOW) <= 0,
                "window must be between 1s and 1d", "such as 10s or 1m");
        checks.key("window").require(window.toNanos() % 1_000_000 == 0, "window is counted in whole milliseconds",
                "such as 10s or 1500ms");
        checks.key("max_requests").require(maxRequests >= 1 && maxRequests <= MAX_REQUESTS,
                "max_requests must be between 1 and " + MAX_REQUESTS, "such as 20 (for more, a shorter window)");
        checks.key("table_size").require(tableSize >= 1 && tableSize <= MAX_TABLE_SIZE,
                "table_size must be between 1 and " + MAX_TABLE_SIZE, "such as 100000");
        if (key == Key.HEADER) {
            checks.key("header").require(header.isPresent(), "key: header needs the header's name", "header: X-Api-Key");
            header.ifPresent(name -> checks.key("header").require(HeaderNames.isToken(name),
                    "'" + name + "' is not a header name", HeaderNames.EXPECTED));
        } else {
            checks.key("header").require(header.isEmpty(), "header applies only to key: header",
                    "key: header, or no header");
        }
        if (action == Action.TARPIT) {
            tarpitDelay.ifPresent(delay -> checks.key("tarpit_delay").require(
                    !delay.isZero() && delay.compareTo(MAX_TARPIT) <= 0, "tarpit_delay must be above 0 and at most 1m",
                    "such as 5s"));
        } else {
            checks.key("tarpit_delay").require(tarpitDelay.isEmpty(), "tarpit_delay applies only to action: tarpit",
                    "action: tarpit, or no tarpit_delay");
        }
    }
}
