package io.edgeplane.ntp.server;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * chrony's {@code ratelimit interval I burst B leak L kod K}: how many replies each client gets. Without it a
 * server answers a forged-source flood at full rate, and an NTP reply, though no larger than its request, still
 * lands on the victim the flood names.
 *
 * <p>Each client has a token bucket of {@code burst} replies that refills one reply per 2^{@code interval}
 * seconds; a client new to the table starts with a full bucket. A request that finds the bucket empty is, in
 * chrony's order: answered anyway with probability 1/2^{@code leak}, and the bucket left empty (else a forger
 * could silence its victim's own requests for good); else, if {@code kod} is set, answered with a RATE
 * kiss-o'-death with probability 1/2^{@code kod}; else dropped. The bucket is kept as the one instant at which it
 * would be full again (GCRA, the "virtual scheduling" form of a token bucket).
 *
 * <p>Clients are counted per network, /32 and /64 by default: a host on IPv6 owns a /64 and can send from any of
 * its addresses. chrony counts whole addresses; {@link Settings#ipv6PrefixLength()} 128 does the same.
 *
 * <p>Memory is fixed: {@link Settings#maxClients()} slots of 32 bytes in sets of four, found by a hash of the
 * network keyed with a random seed (so that a flood cannot aim at one set). A network new to the table takes a
 * free slot of its set, else the one whose bucket is fullest, that is the one idle longest; a limited client's
 * bucket is empty, so a flood from many forged networks pushes idle clients out before it, not the limit.
 *
 * <p>Not done: chrony also stops limiting a client whose request rate rises when it is not answered (a broken
 * client that retries faster), to cut the total traffic; its interval is also coarser below -4.
 *
 * <p>Not thread-safe, and needs no lock for that: one instance per UDP socket, used on its event loop only.
 */
public final class NtpRateLimiter {

    /** What to do with one request. */
    public enum Verdict {
        /** Answer with the time. */
        ANSWER,
        /** Answer with a RATE kiss-o'-death. */
        KISS,
        /** Send nothing. */
        DROP
    }

    /**
     * chrony's {@code ratelimit} options, and the table's shape.
     *
     * @param interval         log2 of the seconds between replies on average, -19 to 12 (chrony: default 3, 8 s)
     * @param burst            replies a client may take at once, 1 to 255 (chrony: default 8)
     * @param leak             a limited request is still answered with probability 1/2^leak, 1 to 4 (default 2)
     * @param kod              else a RATE kiss-o'-death with probability 1/2^kod, 1 to 4; 0 (the default) never
     * @param ipv4PrefixLength IPv4 clients are counted per network of this length, 0 to 32
     * @param ipv6PrefixLength IPv6 clients are counted per network of this length, 0 to 128
     * @param maxClients       slots in the table, a power of two from 4 to 2^24
     */
    public record Settings(int interval, int burst, int leak, int kod,
            int ipv4PrefixLength, int ipv6PrefixLength, int maxClients) {

        public static final int MIN_INTERVAL = -19;
        public static final int MAX_INTERVAL = 12;

        /** chrony's defaults for a bare {@code ratelimit}, /32 and /64, and 65536 clients (2 MiB). */
        public static final Settings CHRONY_DEFAULTS = new Settings(3, 8, 2, 0, 32, 64, 65_536);

        public Settings {
            check("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
            check("burst", burst, 1, 255);
            check("leak", leak, 1, 4);
            check("kod", kod, 0, 4);
            check("ipv4PrefixLength", ipv4PrefixLength, 0, 32);
            check("ipv6PrefixLength", ipv6PrefixLength, 0, 128);
            if (maxClients < WAYS || maxClients > 1 << 24 || Integer.bitCount(maxClients) != 1) {
                throw new IllegalArgumentException("maxClients must be a power of two from 4 to " + (1 << 24)
                        + ", got " + maxClients);
            }
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
            }
        }
    }

    private static final int WAYS = 4;

    // A slot is four longs of the one table: a set of four is 128 bytes, two cache lines.
    private static final int STRIDE = 4;
    private static final int HIGH = 0; // an IPv4 network, or the first 64 bits of an IPv6 one
    private static final int LOW = 1; // the last 64 bits of an IPv6 network
    private static final int KIND = 2; // 0: free
    private static final int FULL_AT = 3; // the instant (nanos) at which the bucket is full again

    private static final int KIND_IPV4 = 1;
    private static final int KIND_IPV6 = 2;

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final boolean enabled;
    private final int minPoll;
    private final long costNanos;
    private final long toleranceNanos;
    private final long emptyNanos;
    private final int leakMask;
    private final int kodMask; // -1: no kiss-o'-death
    private final int ipv4Mask;
    private final long ipv6HighMask;
    private final long ipv6LowMask;
    private final long[] table;
    private final int setMask;
    private final long seed;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;

    private int clients;
    private long evictions;
    private long leaked;
    private long kissed;
    private long dropped;

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}); only differences are used
     * @param random    draws the leaks, the kisses and the table's hash seed
     */
    public NtpRateLimiter(Settings settings, LongSupplier nanoClock, RandomGenerator random) {
        Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.random = Objects.requireNonNull(random, "random");
        enabled = true;
        minPoll = settings.interval();
        costNanos = settings.interval() >= 0 ? SECOND_NANOS << settings.interval()
                : SECOND_NANOS >> -settings.interval();
        // One reply must be left to send: a bucket that would be full no later than this is not empty.
        toleranceNanos = (settings.burst() - 1L) * costNanos;
        emptyNanos = settings.burst() * costNanos;
        leakMask = (1 << settings.leak()) - 1;
        kodMask = settings.kod() == 0 ? -1 : (1 << settings.kod()) - 1;
        ipv4Mask = settings.ipv4PrefixLength() == 0 ? 0 : -1 << (32 - settings.ipv4PrefixLength());
        int v6 = settings.ipv6PrefixLength();
        ipv6HighMask = v6 == 0 ? 0 : v6 >= 64 ? -1L : -1L << (64 - v6);
        ipv6LowMask = v6 <= 64 ? 0 : -1L << (128 - v6);
        table = new long[settings.maxClients() * STRIDE];
        setMask = settings.maxClients() / WAYS - 1;
        seed = random.nextLong();
    }

    private NtpRateLimiter() {
        enabled = false;
        minPoll = Settings.MIN_INTERVAL;
        costNanos = toleranceNanos = emptyNanos = 0;
        leakMask = kodMask = ipv4Mask = setMask = 0;
        ipv6HighMask = ipv6LowMask = seed = 0;
        table = new long[0];
        nanoClock = () -> 0;
        random = null;
    }

    /** No limit, as chrony without a {@code ratelimit} directive: every request is answered. */
    public static NtpRateLimiter unlimited() {
        return new NtpRateLimiter();
    }

    /** What to do with one request from {@code client}, now. */
    public Verdict check(InetAddress client) {
        Objects.requireNonNull(client, "client");
        return check(ClientAddress.high(client), ClientAddress.low(client));
    }

    /**
     * What to do with one request from the client whose address is {@code high} and {@code low} (its IPv6 form,
     * IPv4 as {@code ::ffff:a.b.c.d}; see {@link ClientAddress}), now: the request path's form, which allocates
     * nothing.
     */
    public Verdict check(long high, long low) {
        if (!enabled) {
            return Verdict.ANSWER;
        }
        long now = nanoClock.getAsLong();
        if (ClientAddress.isIpv4(high, low)) {
            // ::ffff:a.b.c.d is an IPv4 client, whichever socket it came through: counted as a.b.c.d.
            return take(Integer.toUnsignedLong((int) low & ipv4Mask), 0, KIND_IPV4, now);
        }
        return take(high & ipv6HighMask, low & ipv6LowMask, KIND_IPV6, now);
    }

    private Verdict take(long high, long low, int kind, long now) {
        int slot = slotFor(high, low, kind, now);
        long fullAt = table[slot + FULL_AT];
        // Differences, never comparisons, of nanos: System.nanoTime() may be anywhere, negative included.
        long start = fullAt - now > 0 ? fullAt : now;
        if (start - now <= toleranceNanos) {
            table[slot + FULL_AT] = start + costNanos;
            return Verdict.ANSWER;
        }
        if ((random.nextInt() & leakMask) == 0) {
            table[slot + FULL_AT] = now + emptyNanos;
            leaked++;
            return Verdict.ANSWER;
        }
        if (kodMask >= 0 && (random.nextInt() & kodMask) == 0) {
            // As chrony: a kiss costs no token; it is a request to poll less, not an answer.
            kissed++;
            return Verdict.KISS;
        }
        dropped++;
        return Verdict.DROP;
    }

    /** The index of the network's slot, taken over from the idlest network of its set if need be. */
    private int slotFor(long high, long low, int kind, long now) {
        int first = (int) (hash(high, low, kind) & setMask) * WAYS * STRIDE;
        int free = -1;
        int fullest = first;
        for (int slot = first; slot < first + WAYS * STRIDE; slot += STRIDE) {
            long slotKind = table[slot + KIND];
            if (slotKind == kind && table[slot + HIGH] == high && table[slot + LOW] == low) {
                return slot;
            }
            if (slotKind == 0) {
                if (free < 0) {
                    free = slot;
                }
            } else if (table[slot + FULL_AT] - table[fullest + FULL_AT] < 0) {
                fullest = slot;
            }
        }
        int slot;
        if (free >= 0) {
            slot = free;
            clients++;
        } else {
            slot = fullest;
            evictions++;
        }
        table[slot + HIGH] = high;
        table[slot + LOW] = low;
        table[slot + KIND] = kind;
        table[slot + FULL_AT] = now;
        return slot;
    }

    private long hash(long high, long low, int kind) {
        return mix(mix(high ^ seed) ^ low ^ kind);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit moves every output bit. */
    private static long mix(long h) {
        h = (h ^ h >>> 33) * 0xff51_afd7_ed55_8ccdL;
        h = (h ^ h >>> 33) * 0xc4ce_b9fe_1a85_ec53L;
        return h ^ h >>> 33;
    }

    /**
     * The poll a reply advertises at least: the interval when limiting (chrony's hint to a client that polls
     * faster than it may), else -19, the shortest interval there is, which hides nothing.
     */
    public int minPoll() {
        return minPoll;
    }

    /** Networks in the table; at most {@link Settings#maxClients()}. */
    public int clients() {
        return clients;
    }

    /** Networks pushed out of the table to make room for new ones. */
    public long evictions() {
        return evictions;
    }

    /** Limited requests answered anyway. Counters are plain fields: a reader on another thread may lag. */
    public long leaked() {
        return leaked;
    }

    /** Limited requests answered with a RATE kiss-o'-death. */
    public long kissed() {
        return kissed;
    }

    /** Limited requests dropped. */
    public long dropped() {
        return dropped;
    }
}
