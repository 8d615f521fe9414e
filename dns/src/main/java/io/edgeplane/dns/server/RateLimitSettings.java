package io.edgeplane.dns.server;

/**
 * How many UDP answers one client network gets, for {@link ResponseRateLimiter}.
 *
 * @param responsesPerSecond answers per second per client network in the long run; 0 turns limiting off
 * @param burst              answers a client network may get at once after a quiet spell (the bucket's size);
 *                           at least 1 unless limiting is off
 * @param slip               every {@code slip}-th limited answer goes out truncated (TC set, no records)
 *                           instead of being dropped, so a real client whose address is being spoofed still
 *                           gets through over TCP; 0 never, 1 always (BIND's {@code slip}, 0..10)
 * @param ipv4PrefixLength   IPv4 clients are counted per network of this length (0..32)
 * @param ipv6PrefixLength   IPv6 clients are counted per network of this length (0..64); not longer than /64,
 *                           because one host commonly holds a whole /64 and could spread over its addresses
 */
public record RateLimitSettings(int responsesPerSecond, int burst, int slip, int ipv4PrefixLength,
                                int ipv6PrefixLength) {

    /** One event loop answers far fewer; more would only hide a typo. */
    public static final int MAX_RESPONSES_PER_SECOND = 1_000_000;

    public static final int MAX_BURST = 1_000_000;

    /** BIND's limit: beyond one in ten, a truncated answer hardly differs from a drop. */
    public static final int MAX_SLIP = 10;

    public static final int MAX_IPV6_PREFIX_LENGTH = 64;

    /**
     * What the server uses unless told otherwise: 1000 answers a second with a burst of one second's worth,
     * every second limited answer truncated, clients counted per /24 and /56 (BIND's {@code slip} and prefix
     * defaults). A burst above the rate would only widen what a flood gets through before limiting starts.
     */
    public static final RateLimitSettings DEFAULTS = new RateLimitSettings(1000, 1000, 2, 24, 56);

    public RateLimitSettings {
        if (responsesPerSecond < 0 || responsesPerSecond > MAX_RESPONSES_PER_SECOND) {
            throw new IllegalArgumentException("responsesPerSecond must be 0 (off) to " + MAX_RESPONSES_PER_SECOND
                    + ", got " + responsesPerSecond);
        }
        int minBurst = responsesPerSecond == 0 ? 0 : 1;
        if (burst < minBurst || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be " + minBurst + ".." + MAX_BURST
                    + (minBurst == 1 ? " when responsesPerSecond is set" : "") + ", got " + burst);
        }
        if (slip < 0 || slip > MAX_SLIP) {
            throw new IllegalArgumentException("slip must be 0 (never truncate) to " + MAX_SLIP + ", got " + slip);
        }
        if (ipv4PrefixLength < 0 || ipv4PrefixLength > 32) {
            throw new IllegalArgumentException("ipv4PrefixLength must be 0..32, got " + ipv4PrefixLength);
        }
        if (ipv6PrefixLength < 0 || ipv6PrefixLength > MAX_IPV6_PREFIX_LENGTH) {
            throw new IllegalArgumentException("ipv6PrefixLength must be 0.." + MAX_IPV6_PREFIX_LENGTH
                    + " (a host may hold a whole /64), got " + ipv6PrefixLength);
        }
    }

    /** Whether answers are limited at all. */
    public boolean enabled() {
        return responsesPerSecond > 0;
    }
}
