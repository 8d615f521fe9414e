package io.edgeplane.dns.server;

import io.edgeplane.config.value.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Limits the UDP answers each client network gets (BIND's response rate limiting, unbound's
 * {@code ip-ratelimit}). A UDP query with a forged source costs an attacker one small packet and sends its
 * victim a larger answer; a limit per source caps what this server adds to such a flood. Clients are counted
 * per network (/24 and /56 by default), as a flood that forges many addresses of the victim's network is still
 * one victim. TCP answers need no limit: the handshake has proved the address.
 *
 * <p>Each network has a token bucket that refills at {@code responsesPerSecond} up to {@code burst}. It is
 * kept as the one instant at which it would be full again (GCRA, the "virtual scheduling" form of a token
 * bucket), so a bucket is a timestamp and not a count plus a timestamp.
 *
 * <p>Memory is fixed: buckets live in a table of slots (32 bytes each; {@value #DEFAULT_SLOTS} slots, 512 KiB, by
 * default) in sets of two, found by a hash of the network. A network new to the table takes a free slot of its
 * set, or else the one of the two whose bucket is the fuller, and starts with a full bucket; the network it
 * replaces loses the least, and starts full in turn when it comes back. A limited network's bucket is empty,
 * so a flood from many forged networks pushes idle clients out before it, not the victim's limit.
 *
 * <p>Not thread-safe, and needs no lock for that: one instance per UDP socket, used on its event loop only.
 * Checking an IPv4 client allocates nothing; an IPv6 client costs one 16-byte copy of its address, as the JDK
 * has no other way to read one.
 */
public final class ResponseRateLimiter {

    /** What to do with one answer. */
    public enum Verdict {
        /** Send the answer as it is. */
        SEND,
        /** Send it truncated instead (TC set, no records), so that a real client retries over TCP. */
        SLIP,
        /** Send nothing. */
        DROP
    }

    public static final int DEFAULT_SLOTS = 16_384;

    /** 16 Mi slots are 512 MiB: far past any use, but not yet a size that cannot be allocated. */
    public static final int MAX_SLOTS = 1 << 24;

    /** The server's default exemptions: loopback, IPv4 and IPv6, which no forged packet comes from. */
    public static final List<Cidr> LOOPBACK = List.of(
            new Cidr(address(127, 0, 0, 0), 8),
            new Cidr(address(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 128));

    private static final int KIND_IPV4 = 1;
    private static final int KIND_IPV6 = 2;

    // A slot is four longs in the one table, so that a set of two is 64 bytes, near one cache line.
    private static final int STRIDE = 4;
    private static final int KEY = 0;
    private static final int KIND = 1; // 0: free
    private static final int FULL_AT = 2; // the instant (nanos) at which the bucket is full again
    private static final int LIMITED = 3; // limited answers since the last slip

    /** Fibonacci hashing: a /24's low zero bits and neighbouring networks spread over the whole table. */
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final CidrSet exempt;
    private final boolean enabled;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final int slip;
    private final int ipv4Mask;
    private final long ipv6Mask;
    private final long[] table;
    private final int setMask;

    private long dropped;
    private long slipped;

    /** A limiter with {@value #DEFAULT_SLOTS} slots. */
    public ResponseRateLimiter(RateLimitSettings settings, List<Cidr> exempt) {
        this(settings, exempt, DEFAULT_SLOTS);
    }

    /**
     * @param exempt networks never limited
     * @param slots  bucket slots, a power of two from 2 to {@value #MAX_SLOTS}; none are allocated when the
     *               settings turn limiting off
     */
    public ResponseRateLimiter(RateLimitSettings settings, List<Cidr> exempt, int slots) {
        Objects.requireNonNull(settings, "settings");
        this.exempt = new CidrSet(exempt);
        if (slots < 2 || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two from 2 to " + MAX_SLOTS
                    + ", got " + slots);
        }
        enabled = settings.enabled();
        intervalNanos = enabled ? 1_000_000_000L / settings.responsesPerSecond() : 0;
        // One token must be left to send: a bucket that would be full no later than this is not empty.
        toleranceNanos = enabled ? (settings.burst() - 1L) * intervalNanos : 0;
        slip = settings.slip();
        ipv4Mask = CidrSet.ipv4Mask(settings.ipv4PrefixLength());
        ipv6Mask = CidrSet.highBitsMask(settings.ipv6PrefixLength());
        table = new long[enabled ? slots * STRIDE : 0];
        setMask = slots / 2 - 1;
    }

    /** What to do with one UDP answer to {@code client}, at {@code nowNanos} on a monotonic clock. */
    public Verdict check(InetAddress client, long nowNanos) {
        Objects.requireNonNull(client, "client");
        if (!enabled) {
            return Verdict.SEND;
        }
        if (client instanceof Inet4Address) {
            // Inet4Address's hash code is its address (ResponseRateLimiterTest pins it); getAddress() copies.
            return checkIpv4(client.hashCode(), nowNanos);
        }
        byte[] bytes = client.getAddress();
        long high = CidrSet.bigEndian(bytes, 0, 8);
        long low = CidrSet.bigEndian(bytes, 8, 8);
        if (high == 0 && low >>> 32 == 0xffff) {
            // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket: counted, and exempted, as a.b.c.d.
            return checkIpv4((int) low, nowNanos);
        }
        if (exempt.containsIpv6(high, low)) {
            return Verdict.SEND;
        }
        return take(high & ipv6Mask, KIND_IPV6, nowNanos);
    }

    private Verdict checkIpv4(int address, long nowNanos) {
        if (exempt.containsIpv4(address)) {
            return Verdict.SEND;
        }
        return take(Integer.toUnsignedLong(address & ipv4Mask), KIND_IPV4, nowNanos);
    }

    private Verdict take(long key, int kind, long now) {
        int slot = slotFor(key, kind, now);
        long fullAt = table[slot + FULL_AT];
        // Differences, never comparisons, of nanos: System.nanoTime() may be anywhere, negative included.
        long start = fullAt - now > 0 ? fullAt : now;
        if (start - now <= toleranceNanos) {
            table[slot + FULL_AT] = start + intervalNanos;
            return Verdict.SEND;
        }
        long limited = table[slot + LIMITED] + 1;
        if (slip != 0 && limited >= slip) {
            table[slot + LIMITED] = 0;
            slipped++;
            return Verdict.SLIP;
        }
        table[slot + LIMITED] = limited;
        dropped++;
        return Verdict.DROP;
    }

    /** The index of the network's slot, taken over from another network (with a full bucket) if need be. */
    private int slotFor(long key, int kind, long now) {
        int first = (int) (((key ^ kind) * GOLDEN) >>> 40 & setMask) * 2 * STRIDE;
        int second = first + STRIDE;
        if (table[first + KEY] == key && table[first + KIND] == kind) {
            return first;
        }
        if (table[second + KEY] == key && table[second + KIND] == kind) {
            return second;
        }
        int slot;
        if (table[first + KIND] == 0) {
            slot = first;
        } else if (table[second + KIND] == 0) {
            slot = second;
        } else {
            slot = table[first + FULL_AT] - table[second + FULL_AT] <= 0 ? first : second;
        }
        table[slot + KEY] = key;
        table[slot + KIND] = kind;
        table[slot + FULL_AT] = now;
        table[slot + LIMITED] = 0;
        return slot;
    }

    /** Answers dropped so far. A plain field: a reader on another thread may see a value a little behind. */
    public long dropped() {
        return dropped;
    }

    /** Answers sent truncated so far; as {@link #dropped()}. */
    public long slipped() {
        return slipped;
    }

    private static InetAddress address(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
