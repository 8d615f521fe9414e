package io.edgeplane.proxy.limit;

import io.edgeplane.proxy.http.RequestContext;
import java.util.List;
import java.util.Objects;

/**
 * The rate limits one listener applies, compiled with its runtime: the listener's own, on every request,
 * then each route's. {@link #check} runs after routing.
 *
 * <p>A request goes through only if every limit it meets lets it; one refused by a limit is taken back from
 * the limits that counted it before, so a refused request costs nothing anywhere.
 */
public final class RateLimits {

    private static final RateLimit[] NONE = new RateLimit[0];

    private final LimitClock clock;
    private final RateLimit[] listener;
    private final RateLimit[][] routes;
    /** Each route's key for {@code key: route}, and last the key of requests no route took. */
    private final long[] routeKeys;
    private final boolean empty;

    /**
     * @param listener  the limits on every request
     * @param routes    each route's own limits, by route index
     * @param routeKeys each route's key for {@code key: route} limits, and one more for requests without a route
     */
    public RateLimits(LimitClock clock, List<RateLimit> listener, List<List<RateLimit>> routes, long[] routeKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener.toArray(NONE);
        this.routes = routes.stream().map(limits -> limits.isEmpty() ? NONE : limits.toArray(NONE)).toArray(RateLimit[][]::new);
        if (routeKeys.length != routes.size() + 1) {
            throw new IllegalArgumentException(routeKeys.length + " route keys for " + routes.size() + " routes (expected: one more)");
        }
        this.routeKeys = routeKeys.clone();
        this.empty = this.listener.length == 0 && java.util.Arrays.stream(this.routes).allMatch(route -> route.length == 0);
    }

    /** Whether no request of this listener meets a limit. */
    public boolean isEmpty() {
        return empty;
    }

    /**
     * Counts the request in every limit it meets. Null if every one let it through; else the first that
     * refused it (the ones before it have taken it back). Allocates only to refuse.
     *
     * @param routeIndex the route the request took, or -1 for none
     */
    public Refusal check(RequestContext request, ClientAddress client, int routeIndex) {
        return check(request, client, routeIndex, request.startNanos());
    }

    /**
     * As {@link #check(RequestContext, ClientAddress, int)}, at {@code nowNanos}, a reading of the limit
     * clock's source.
     */
    public Refusal check(RequestContext request, ClientAddress client, int routeIndex, long nowNanos) {
        boolean routed = routeIndex >= 0 && routeIndex < routes.length;
        RateLimit[] own = routed ? routes[routeIndex] : NONE;
        if (listener.length == 0 && own.length == 0) {
            return null;
        }
        long now = clock.millisAt(nowNanos);
        long routeKey = routeKeys[routed ? routeIndex : routes.length];
        for (int i = 0; i < listener.length + own.length; i++) {
            RateLimit limit = i < listener.length ? listener[i] : own[i - listener.length];
            long wait = limit.acquire(limit.key().of(request, client, routeKey), now);
            if (wait > 0) {
                for (int j = 0; j < i; j++) {
                    RateLimit counted = j < listener.length ? listener[j] : own[j - listener.length];
                    counted.refund(counted.key().of(request, client, routeKey), now);
                }
                limit.limited();
                return new Refusal(limit, (wait + 999) / 1000);
            }
        }
        return null;
    }

    /**
     * A request over a limit.
     *
     * @param retryAfterSeconds whole seconds, rounded up, until the limit would let a request of this key
     *                          through (if none comes before): the {@code Retry-After} value
     */
    public record Refusal(RateLimit limit, long retryAfterSeconds) {
        public Refusal {
            Objects.requireNonNull(limit, "limit");
        }

        public LimitAction action() {
            return limit.action();
        }
    }
}
