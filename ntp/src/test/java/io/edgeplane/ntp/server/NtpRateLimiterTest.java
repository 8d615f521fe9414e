package io.edgeplane.ntp.server;

import static io.edgeplane.ntp.server.NtpRateLimiter.Verdict.ANSWER;
import static io.edgeplane.ntp.server.NtpRateLimiter.Verdict.DROP;
import static io.edgeplane.ntp.server.NtpRateLimiter.Verdict.KISS;
import static io.edgeplane.ntp.server.ScriptedRandom.FAIL;
import static io.edgeplane.ntp.server.ScriptedRandom.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.ntp.server.NtpRateLimiter.Settings;
import io.edgeplane.ntp.server.NtpRateLimiter.Verdict;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** chrony's ratelimit on a fake clock: bursts, refills, leaks, kisses, networks, and a table that stays bounded. */
class NtpRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    /** chrony's bare {@code ratelimit}: one reply per 8 s, 8 at once, a quarter of limited requests leak. */
    private static final Settings CHRONY = Settings.CHRONY_DEFAULTS;

    private final InetAddress client = ip("198.51.100.7");
    private long now = -5 * SECOND; // System.nanoTime() may well be negative

    @Test
    void aBurstIsAnsweredThenTheClientIsLimited() {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(FAIL));

        assertThat(verdicts(limiter, client, 8)).containsOnly(ANSWER);
        assertThat(verdicts(limiter, client, 5)).containsOnly(DROP);
        assertThat(limiter.dropped()).isEqualTo(5);
        assertThat(limiter.leaked()).isZero();
        assertThat(limiter.kissed()).isZero();
    }

    @Test
    void theBucketRefillsOneReplyPerInterval() {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(FAIL));
        verdicts(limiter, client, 9);

        now += 8 * SECOND - 1;
        assertThat(limiter.check(client)).isEqualTo(DROP);
        now += 1;
        assertThat(verdicts(limiter, client, 2)).containsExactly(ANSWER, DROP);
        now += 64 * SECOND;
        assertThat(verdicts(limiter, client, 9)).containsExactly(ANSWER, ANSWER, ANSWER, ANSWER, ANSWER, ANSWER,
                ANSWER, ANSWER, DROP);
    }

    @Test
    void aClientPollingAtTheIntervalIsNeverLimited() {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(FAIL));

        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.check(client)).isEqualTo(ANSWER);
            now += 8 * SECOND;
        }
        assertThat(limiter.dropped()).isZero();
    }

    @Test
    void aLeakAnswersALimitedRequestAndEmptiesTheBucket() {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(PASS, FAIL, FAIL, FAIL));
        verdicts(limiter, client, 8);

        assertThat(verdicts(limiter, client, 4)).containsExactly(ANSWER, DROP, DROP, DROP);
        assertThat(limiter.leaked()).isEqualTo(1);
        // Empty means a whole burst of intervals before the bucket is full; one interval gives one reply back.
        now += 8 * SECOND;
        assertThat(verdicts(limiter, client, 1)).containsExactly(ANSWER);
    }

    @Test
    void leakAnswersOneLimitedRequestIn2PowerLeakAsChronyDoes() {
        NtpRateLimiter limiter = limiter(CHRONY, new SplittableRandom(5905));
        verdicts(limiter, client, 8);

        long answered = 0;
        for (int i = 0; i < 10_000; i++) {
            now += MILLI;
            answered += limiter.check(client) == ANSWER ? 1 : 0;
        }

        // Ten seconds refill barely one reply; the rest are leaks, one in four (sigma 43).
        assertThat(limiter.leaked()).isBetween(2_350L, 2_650L);
        assertThat(answered).isBetween(limiter.leaked(), limiter.leaked() + 2);
        assertThat(limiter.dropped()).isEqualTo(10_000 - answered);
    }

    @Test
    void kodSendsRateKissesToPartOfWhatTheLeakDoesNotAnswer() {
        Settings withKod = new Settings(3, 8, 4, 1, 32, 64, 1024);
        NtpRateLimiter limiter = limiter(withKod, new SplittableRandom(5905));
        verdicts(limiter, client, 8);

        List<Verdict> verdicts = verdicts(limiter, client, 10_000);

        // 1/16 leak; of the other 15/16, half are kissed and half dropped (4688 each, sigma 50).
        assertThat(limiter.leaked()).isBetween(525L, 725L);
        assertThat(limiter.kissed()).isBetween(4_450L, 4_925L);
        assertThat(limiter.dropped()).isBetween(4_450L, 4_925L);
        assertThat(verdicts).filteredOn(v -> v == KISS).hasSize((int) limiter.kissed());
    }

    @Test
    void aKissCostsNoToken() {
        Settings withKod = new Settings(3, 1, 1, 1, 32, 64, 1024);
        NtpRateLimiter limiter = limiter(withKod, new ScriptedRandom(FAIL, PASS));
        assertThat(limiter.check(client)).isEqualTo(ANSWER);

        assertThat(verdicts(limiter, client, 3)).containsOnly(KISS);
        now += 8 * SECOND;
        assertThat(limiter.check(client)).isEqualTo(ANSWER);
    }

    @Test
    void withoutKodNoKissIsSent() {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(FAIL, PASS));
        verdicts(limiter, client, 8);

        // With kod 0 there is no second draw: every other leak draw passes, and nothing is kissed.
        assertThat(verdicts(limiter, client, 100)).doesNotContain(KISS).contains(DROP, ANSWER);
        assertThat(limiter.kissed()).isZero();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64AndIpv4PerAddress() {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(FAIL));

        verdicts(limiter, ip("2001:db8:0:12::1"), 8);
        assertThat(limiter.check(ip("2001:db8:0:12:ffff:ffff:ffff:ffff"))).isEqualTo(DROP);
        assertThat(limiter.check(ip("2001:db8:0:13::1"))).isEqualTo(ANSWER);

        verdicts(limiter, ip("198.51.100.1"), 8);
        assertThat(limiter.check(ip("198.51.100.1"))).isEqualTo(DROP);
        assertThat(limiter.check(ip("198.51.100.2"))).isEqualTo(ANSWER);
    }

    @Test
    void prefixLengthsAreSettable() {
        NtpRateLimiter perSlash24 = limiter(new Settings(3, 2, 1, 0, 24, 128, 64), new ScriptedRandom(FAIL));

        verdicts(perSlash24, ip("198.51.100.1"), 2);
        assertThat(perSlash24.check(ip("198.51.100.200"))).isEqualTo(DROP);
        assertThat(perSlash24.check(ip("198.51.101.1"))).isEqualTo(ANSWER);

        // /128: chrony's own choice, every address on its own.
        verdicts(perSlash24, ip("2001:db8::1"), 2);
        assertThat(perSlash24.check(ip("2001:db8::1"))).isEqualTo(DROP);
        assertThat(perSlash24.check(ip("2001:db8::2"))).isEqualTo(ANSWER);
    }

    @Test
    void anIpv4MappedClientIsCountedAsItsIpv4Address() throws UnknownHostException {
        NtpRateLimiter limiter = limiter(CHRONY, new ScriptedRandom(FAIL));
        InetAddress mapped = Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 198, 51, 100, 7}, -1);

        verdicts(limiter, mapped, 8);

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(limiter.check(client)).isEqualTo(DROP);
        assertThat(limiter.clients()).isEqualTo(1);
    }

    @Test
    void theTableStaysBoundedUnderAFloodOfSources() {
        NtpRateLimiter limiter = limiter(new Settings(3, 8, 2, 0, 32, 64, 64), new SplittableRandom(1));

        for (int i = 0; i < 100_000; i++) {
            limiter.check(ipv4(0x0A00_0000 + i));
            limiter.check(ipv6(i));
        }

        assertThat(limiter.clients()).isLessThanOrEqualTo(64);
        assertThat(limiter.clients() + limiter.evictions()).isEqualTo(200_000);
    }

    @Test
    void aLimitedClientOutlastsAFloodOfNewOnes() {
        NtpRateLimiter limiter = limiter(new Settings(3, 8, 2, 0, 32, 64, 64), new ScriptedRandom(FAIL));
        verdicts(limiter, client, 9);

        // Every newcomer spends a reply and has a fuller bucket than the limited client: they go first.
        for (int i = 0; i < 10_000; i++) {
            limiter.check(ipv4(0x0A00_0000 + i));
        }

        assertThat(limiter.check(client)).isEqualTo(DROP);
    }

    @Test
    void minPollIsTheIntervalOrTheShortestThereIs() {
        assertThat(limiter(CHRONY, new SplittableRandom(1)).minPoll()).isEqualTo(3);
        assertThat(limiter(new Settings(-2, 8, 2, 0, 32, 64, 64), new SplittableRandom(1)).minPoll()).isEqualTo(-2);
        assertThat(NtpRateLimiter.unlimited().minPoll()).isEqualTo(-19);
    }

    @Test
    void unlimitedAnswersEverything() {
        NtpRateLimiter unlimited = NtpRateLimiter.unlimited();

        assertThat(verdicts(unlimited, client, 10_000)).containsOnly(ANSWER);
        assertThat(unlimited.clients()).isZero();
    }

    @Test
    void theShortestAndLongestIntervalsWork() {
        NtpRateLimiter fast = limiter(new Settings(-19, 1, 4, 0, 32, 64, 64), new ScriptedRandom(FAIL));
        assertThat(verdicts(fast, client, 2)).containsExactly(ANSWER, DROP);
        now += 1_908; // 2^-19 s
        assertThat(fast.check(client)).isEqualTo(ANSWER);

        NtpRateLimiter slow = limiter(new Settings(12, 255, 4, 0, 32, 64, 64), new ScriptedRandom(FAIL));
        assertThat(verdicts(slow, client, 256)).endsWith(ANSWER, DROP);
        now += 4096 * SECOND;
        assertThat(slow.check(client)).isEqualTo(ANSWER);
    }

    @Test
    void settingsOutsideChronysRangesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(13, 8, 2, 0, 32, 64, 64))
                .withMessage("interval must be from -19 to 12, got 13");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(3, 0, 2, 0, 32, 64, 64))
                .withMessage("burst must be from 1 to 255, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(3, 8, 0, 0, 32, 64, 64))
                .withMessage("leak must be from 1 to 4, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(3, 8, 2, 5, 32, 64, 64))
                .withMessage("kod must be from 0 to 4, got 5");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(3, 8, 2, 0, 33, 64, 64))
                .withMessage("ipv4PrefixLength must be from 0 to 32, got 33");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(3, 8, 2, 0, 32, 129, 64))
                .withMessage("ipv6PrefixLength must be from 0 to 128, got 129");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(3, 8, 2, 0, 32, 64, 100))
                .withMessage("maxClients must be a power of two from 4 to 16777216, got 100");
    }

    @Test
    void ipv4HashCodeIsTheAddress() {
        // The limiter reads IPv4 clients through hashCode() to spare a copy; a JDK that changed it fails here.
        assertThat(ip("198.51.100.7").hashCode()).isEqualTo(0xc6336407);
        assertThat(ip("255.255.255.255").hashCode()).isEqualTo(-1);
    }

    private NtpRateLimiter limiter(Settings settings, RandomGenerator random) {
        return new NtpRateLimiter(settings, () -> now, random);
    }

    private static List<Verdict> verdicts(NtpRateLimiter limiter, InetAddress client, int count) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            verdicts.add(limiter.check(client));
        }
        return verdicts;
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static InetAddress ipv4(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 2001:db8:&lt;n&gt;::1, one /64 each. */
    private static InetAddress ipv6(int n) {
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = (byte) 0xb8;
        bytes[4] = (byte) (n >>> 24);
        bytes[5] = (byte) (n >>> 16);
        bytes[6] = (byte) (n >>> 8);
        bytes[7] = (byte) n;
        bytes[15] = 1;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
