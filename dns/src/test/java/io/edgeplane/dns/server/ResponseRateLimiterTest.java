package io.edgeplane.dns.server;

import static io.edgeplane.dns.server.ResponseRateLimiter.Verdict.DROP;
import static io.edgeplane.dns.server.ResponseRateLimiter.Verdict.SEND;
import static io.edgeplane.dns.server.ResponseRateLimiter.Verdict.SLIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.dns.server.ResponseRateLimiter.Verdict;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers per client network, against reflection floods: token buckets on a fake clock. */
class ResponseRateLimiterTest {

    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** 10 answers a second, 10 at once, every second limited answer truncated, /24 and /56. */
    private static final RateLimitSettings TEN = new RateLimitSettings(10, 10, 2, 24, 56);

    /** As {@link #TEN}, every limited answer dropped, so that tests of the bucket read simply. */
    private static final RateLimitSettings TEN_NO_SLIP = new RateLimitSettings(10, 10, 0, 24, 56);

    private final InetAddress client = ip("198.51.100.7");
    private long now = 7 * SECOND;

    @Test
    void aClientUnderTheRateIsAlwaysAnswered() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, List.of());

        // Exactly at the rate, then at half of it, for a minute each.
        for (int i = 0; i < 600; i++) {
            assertThat(limiter.check(client, now)).isEqualTo(SEND);
            now += 100 * MILLI;
        }
        for (int i = 0; i < 300; i++) {
            assertThat(limiter.check(client, now)).isEqualTo(SEND);
            now += 200 * MILLI;
        }
        assertThat(limiter.dropped()).isZero();
        assertThat(limiter.slipped()).isZero();
    }

    @Test
    void aBurstBeyondTheBucketIsDroppedAndTruncatedInTurn() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, List.of());

        assertThat(verdicts(limiter, client, 10)).containsOnly(SEND);
        assertThat(verdicts(limiter, client, 6)).containsExactly(DROP, SLIP, DROP, SLIP, DROP, SLIP);
        assertThat(limiter.dropped()).isEqualTo(3);
        assertThat(limiter.slipped()).isEqualTo(3);
    }

    @Test
    void slipSetsHowManyLimitedAnswersGoOutTruncated() {
        assertThat(verdictsAfterBurst(0)).containsOnly(DROP);
        assertThat(verdictsAfterBurst(1)).containsOnly(SLIP);
        assertThat(verdictsAfterBurst(3)).containsExactly(DROP, DROP, SLIP, DROP, DROP, SLIP);
    }

    @Test
    void theBucketRefillsAtTheRateUpToTheBurst() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN_NO_SLIP, List.of());
        verdicts(limiter, client, 10);
        assertThat(limiter.check(client, now)).isEqualTo(DROP);

        now += 100 * MILLI;
        assertThat(verdicts(limiter, client, 2)).containsExactly(SEND, DROP);

        now += 99 * MILLI;
        assertThat(limiter.check(client, now)).isEqualTo(DROP);
        now += MILLI;
        assertThat(limiter.check(client, now)).isEqualTo(SEND);

        now += 500 * MILLI;
        assertThat(verdicts(limiter, client, 6)).containsExactly(SEND, SEND, SEND, SEND, SEND, DROP);

        // A long silence fills the bucket, and no further than the burst.
        now += 3_600 * SECOND;
        assertThat(verdicts(limiter, client, 11)).containsSequence(SEND, SEND, SEND, SEND, SEND, SEND, SEND, SEND,
                SEND, SEND).endsWith(DROP);
    }

    @Test
    void aBurstSmallerThanTheRateSpacesAnswersOut() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(new RateLimitSettings(10, 1, 0, 24, 56), List.of());

        assertThat(verdicts(limiter, client, 2)).containsExactly(SEND, DROP);
        now += 50 * MILLI;
        assertThat(limiter.check(client, now)).isEqualTo(DROP);
        now += 50 * MILLI;
        assertThat(verdicts(limiter, client, 2)).containsExactly(SEND, DROP);
    }

    @Test
    void theClockMayBeNegativeAndWrap() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN_NO_SLIP, List.of());
        now = Long.MAX_VALUE - 50 * MILLI;

        assertThat(verdicts(limiter, client, 11)).endsWith(DROP);
        now += SECOND; // past Long.MAX_VALUE, as System.nanoTime() may go
        assertThat(now).isNegative();
        assertThat(verdicts(limiter, client, 11)).containsSequence(SEND, SEND, SEND, SEND, SEND, SEND, SEND, SEND,
                SEND, SEND).endsWith(DROP);
    }

    @Test
    void addressesInOneIpv4NetworkShareABucket() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, List.of());
        verdicts(limiter, ip("198.51.100.1"), 5);
        verdicts(limiter, ip("198.51.100.254"), 5);

        assertThat(limiter.check(ip("198.51.100.77"), now)).isNotEqualTo(SEND);
        assertThat(verdicts(limiter, ip("198.51.101.77"), 10)).containsOnly(SEND);
        assertThat(verdicts(limiter, ip("198.51.99.77"), 10)).containsOnly(SEND);
        assertThat(verdicts(limiter, ip("203.0.113.77"), 10)).containsOnly(SEND);
    }

    @Test
    void theIpv4PrefixLengthIsSettable() {
        ResponseRateLimiter perHost = new ResponseRateLimiter(new RateLimitSettings(10, 10, 2, 32, 56), List.of());
        ResponseRateLimiter perSixteen = new ResponseRateLimiter(new RateLimitSettings(10, 10, 2, 16, 56), List.of());
        verdicts(perHost, ip("198.51.100.1"), 10);
        verdicts(perSixteen, ip("198.51.100.1"), 10);

        assertThat(perHost.check(ip("198.51.100.2"), now)).isEqualTo(SEND);
        assertThat(perSixteen.check(ip("198.51.7.2"), now)).isNotEqualTo(SEND);
        assertThat(perSixteen.check(ip("198.52.7.2"), now)).isEqualTo(SEND);
    }

    @Test
    void addressesInOneIpv6NetworkShareABucket() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, List.of());
        verdicts(limiter, ip("2001:db8:0:1200::1"), 5);
        verdicts(limiter, ip("2001:db8:0:12ff:ffff:ffff:ffff:ffff"), 5);

        assertThat(limiter.check(ip("2001:db8:0:1234::53"), now)).isNotEqualTo(SEND);
        assertThat(verdicts(limiter, ip("2001:db8:0:1300::1"), 10)).containsOnly(SEND);
        assertThat(verdicts(limiter, ip("2001:db8:0:1100::1"), 10)).containsOnly(SEND);
        assertThat(verdicts(limiter, ip("2001:db8:1:1200::1"), 10)).containsOnly(SEND);
    }

    @Test
    void ipv4AndIpv6ClientsNeverShareABucket() {
        // With /0 every IPv4 client is one network and every IPv6 client another; both keys are 0.
        ResponseRateLimiter limiter = new ResponseRateLimiter(new RateLimitSettings(10, 10, 2, 0, 0), List.of());
        verdicts(limiter, ip("0.0.0.1"), 10);

        assertThat(limiter.check(ip("203.0.113.1"), now)).isNotEqualTo(SEND);
        assertThat(verdicts(limiter, ip("2001:db8::1"), 10)).containsOnly(SEND);
        assertThat(limiter.check(ip("::2"), now)).isNotEqualTo(SEND);
    }

    @Test
    void anIpv4MappedClientCountsAsItsIpv4Address() throws UnknownHostException {
        InetAddress mapped = Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 51, 100, 9}, -1);
        InetAddress mappedLoopback = Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}, -1);
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, ResponseRateLimiter.LOOPBACK);
        verdicts(limiter, client, 10);

        assertThat(limiter.check(mapped, now)).isNotEqualTo(SEND);
        assertThat(verdicts(limiter, mappedLoopback, 100)).containsOnly(SEND);
    }

    @Test
    void exemptNetworksAreNeverLimited() {
        List<Cidr> exempt = new ArrayList<>(ResponseRateLimiter.LOOPBACK);
        exempt.add(new Cidr(ip("192.0.2.128"), 25));
        exempt.add(new Cidr(ip("2001:db8:aa::"), 48));
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, exempt);

        for (String address : List.of("127.0.0.1", "127.255.0.9", "::1", "192.0.2.200", "2001:db8:aa:ff::1")) {
            assertThat(verdicts(limiter, ip(address), 1_000)).as(address).containsOnly(SEND);
        }
        assertThat(limiter.dropped()).isZero();
        assertThat(limiter.slipped()).isZero();
        // The rest of the same /24 and /56 is limited as usual.
        assertThat(verdicts(limiter, ip("192.0.2.1"), 11)).endsWith(DROP);
        assertThat(verdicts(limiter, ip("2001:db8:ab::1"), 11)).endsWith(DROP);
        assertThat(verdicts(limiter, ip("::2"), 11)).endsWith(DROP);
    }

    @Test
    void zeroResponsesPerSecondIsOff() {
        RateLimitSettings off = new RateLimitSettings(0, 0, 2, 24, 56);
        ResponseRateLimiter limiter = new ResponseRateLimiter(off, List.of());

        assertThat(off.enabled()).isFalse();
        assertThat(verdicts(limiter, client, 100_000)).containsOnly(SEND);
        assertThat(verdicts(limiter, ip("2001:db8::1"), 1_000)).containsOnly(SEND);
        assertThat(limiter.dropped()).isZero();
    }

    @Test
    void aFullTableReusesSlotsAndStillLimits() {
        // Two slots: every network collides with every other.
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, List.of(), 2);
        for (int i = 0; i < 10_000; i++) {
            InetAddress other = ip("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".1");
            assertThat(limiter.check(other, now)).isEqualTo(SEND);
            assertThat(limiter.check(ip("2001:db8:" + Integer.toHexString(i) + "::1"), now)).isEqualTo(SEND);
        }
        verdicts(limiter, client, 10);
        assertThat(limiter.check(client, now)).isEqualTo(DROP);
    }

    @Test
    void aFloodOfNewNetworksDoesNotPushOutALimitedOne() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN, List.of(), 2);
        verdicts(limiter, client, 12);

        for (int i = 0; i < 1_000; i++) {
            limiter.check(ip("10.0." + (i >> 8 & 0xff) + "." + (i & 0xff)), now);
            limiter.check(ip("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".1"), now);
        }

        assertThat(verdicts(limiter, client, 2)).containsExactly(DROP, SLIP);
    }

    @Test
    void theDefaultTableKeepsThousandsOfNetworksApart() {
        ResponseRateLimiter limiter = new ResponseRateLimiter(TEN_NO_SLIP, List.of());
        List<InetAddress> networks = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            networks.add(ip("10." + (i >> 8) + "." + (i & 0xff) + ".1"));
            networks.add(ip("2001:db8:" + Integer.toHexString(i >> 8) + ":" + Integer.toHexString(i & 0xff) + "00::1"));
        }
        for (InetAddress network : networks) {
            verdicts(limiter, network, 10);
        }

        for (InetAddress network : networks) {
            assertThat(limiter.check(network, now)).as(network.getHostAddress()).isEqualTo(DROP);
        }
    }

    @Test
    void manyNetworksAllocateNothingAndUseTheFixedTable() {
        InetAddress[] clients = new InetAddress[4_096];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = ip((1 + i % 200) + "." + (i / 200) + "." + (i % 7) + ".1");
        }
        ResponseRateLimiter limiter = new ResponseRateLimiter(RateLimitSettings.DEFAULTS, ResponseRateLimiter.LOOPBACK);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sent = 0;
        for (int warm = 0; warm < 20; warm++) {
            sent += checkAll(limiter, clients);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++) {
            sent += checkAll(limiter, clients);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sent).isPositive();
        // 81,920 checks; a few bytes of slack for the measurement itself.
        assertThat(allocated).isLessThan(1_000);
    }

    @Test
    void anIpv4AddressHashCodeIsTheAddress() {
        // The limiter reads IPv4 clients through hashCode() to spare a copy; a JDK that changed it fails here.
        assertThat(ip("198.51.100.7").hashCode()).isEqualTo(0xc6336407);
        assertThat(ip("10.1.2.3").hashCode()).isEqualTo(0x0a010203);
        assertThat(ip("255.255.255.255").hashCode()).isEqualTo(-1);
    }

    @Test
    void settingsAreChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(-1, 10, 2, 24, 56))
                .withMessage("responsesPerSecond must be 0 (off) to 1000000, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(1_000_001, 10, 2, 24, 56))
                .withMessage("responsesPerSecond must be 0 (off) to 1000000, got 1000001");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 0, 2, 24, 56))
                .withMessage("burst must be 1..1000000 when responsesPerSecond is set, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(0, -1, 2, 24, 56))
                .withMessage("burst must be 0..1000000, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 1_000_001, 2, 24, 56))
                .withMessage("burst must be 1..1000000 when responsesPerSecond is set, got 1000001");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 10, 11, 24, 56))
                .withMessage("slip must be 0 (never truncate) to 10, got 11");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 10, -1, 24, 56))
                .withMessage("slip must be 0 (never truncate) to 10, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 10, 2, 33, 56))
                .withMessage("ipv4PrefixLength must be 0..32, got 33");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 10, 2, -1, 56))
                .withMessage("ipv4PrefixLength must be 0..32, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(10, 10, 2, 24, 128))
                .withMessage("ipv6PrefixLength must be 0..64 (a host may hold a whole /64), got 128");
        assertThat(RateLimitSettings.DEFAULTS).isEqualTo(new RateLimitSettings(1000, 1000, 2, 24, 56));
    }

    @Test
    void theTableSizeIsChecked() {
        for (int slots : new int[] {0, 1, 3, 1000, -2, 1 << 25}) {
            assertThatIllegalArgumentException().isThrownBy(() -> new ResponseRateLimiter(TEN, List.of(), slots))
                    .withMessage("slots must be a power of two from 2 to 16777216, got " + slots);
        }
    }

    private List<Verdict> verdictsAfterBurst(int slip) {
        ResponseRateLimiter limiter = new ResponseRateLimiter(new RateLimitSettings(10, 10, slip, 24, 56), List.of());
        verdicts(limiter, client, 10);
        return verdicts(limiter, client, 6);
    }

    /** {@code count} answers to {@code address}, all at the current instant. */
    private List<Verdict> verdicts(ResponseRateLimiter limiter, InetAddress address, int count) {
        List<Verdict> verdicts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            verdicts.add(limiter.check(address, now));
        }
        return verdicts;
    }

    /** One answer to each client, 1 ms apart. */
    private long checkAll(ResponseRateLimiter limiter, InetAddress[] clients) {
        long sent = 0;
        for (InetAddress each : clients) {
            sent += limiter.check(each, now) == SEND ? 1 : 0;
            now += MILLI;
        }
        return sent;
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }
}
