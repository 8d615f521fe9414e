package io.edgeplane.dhcp.server;

import io.edgeplane.config.dhcp.DhcpRateLimitConfig;
import io.edgeplane.dhcp.codec.HardwareAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets against starvation floods: one per hardware address (a client asking too fast) and one for
 * everyone (a flood of forged addresses, which no per-client limit can catch). Time is in nanoseconds from the
 * caller. One thread uses it.
 */
final class RequestRateLimiter {

    /** What the limiter decided. */
    enum Verdict { PASS, CLIENT_LIMITED, TOTAL_LIMITED }

    private static final long SECOND = 1_000_000_000L;

    private final DhcpRateLimitConfig config;
    private final Map<HardwareAddress, Bucket> clients;
    private final Bucket total;

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        boolean take(double rate, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - updated) * rate / SECOND);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    RequestRateLimiter(DhcpRateLimitConfig config, long now) {
        this.config = config;
        int capacity = config.tableSize();
        this.clients = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<HardwareAddress, Bucket> eldest) {
                return size() > capacity;
            }
        };
        // A second's worth of requests may come at once after a quiet spell: a switch port coming up.
        this.total = new Bucket(Math.max(1, config.total()), now);
    }

    Verdict admit(HardwareAddress client, long now) {
        if (config.total() > 0 && !total.take(config.total(), Math.max(1, config.total()), now)) {
            return Verdict.TOTAL_LIMITED;
        }
        Bucket bucket = clients.get(client);
        if (bucket == null) {
            bucket = new Bucket(config.perClientBurst(), now);
            clients.put(client, bucket);
        }
        return bucket.take(config.perClient(), config.perClientBurst(), now) ? Verdict.PASS : Verdict.CLIENT_LIMITED;
    }
}
