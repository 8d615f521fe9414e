package io.edgeplane.dhcp.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The free-address bit sets: counts, the search from a hint that spreads and wraps, several ranges as one. */
class AddressPoolTest {

    private static final Duration HOUR = Duration.ofHours(1);

    static Inet4Address ip(String text) {
        String[] parts = text.split("\\.");
        long value = 0;
        for (String part : parts) {
            value = value << 8 | Integer.parseInt(part);
        }
        return Ipv4Ints.address(value);
    }

    private static AddressPool.Range range(String from, String to) {
        return new AddressPool.Range(Ipv4Ints.of(ip(from)), Ipv4Ints.of(ip(to)), HOUR);
    }

    /** 10.0.0.10-19 (10 addresses), then 10.0.1.0-4 (5), then 10.0.2.7 (1): 16 in all. */
    private final AddressPool pool = new AddressPool(List.of(range("10.0.0.10", "10.0.0.19"),
            range("10.0.1.0", "10.0.1.4"), range("10.0.2.7", "10.0.2.7")));

    /** The address at position {@code n} of the ranges read as one sequence. */
    private static Inet4Address nth(int n) {
        if (n < 10) {
            return Ipv4Ints.address(Ipv4Ints.of(ip("10.0.0.10")) + n);
        }
        if (n < 15) {
            return Ipv4Ints.address(Ipv4Ints.of(ip("10.0.1.0")) + n - 10);
        }
        return ip("10.0.2.7");
    }

    @Test
    void countsEveryAddressOfEveryRange() {
        assertThat(pool.size()).isEqualTo(16);
        assertThat(pool.free()).isEqualTo(16);
    }

    @Test
    void takingAndReleasingCountsEachAddressOnce() {
        pool.take(ip("10.0.0.12"));
        pool.take(ip("10.0.0.12"));
        pool.take(ip("10.0.2.7"));
        assertThat(pool.free()).isEqualTo(14);
        assertThat(pool.isFree(ip("10.0.0.12"))).isFalse();

        pool.release(ip("10.0.0.12"));
        pool.release(ip("10.0.0.12"));
        pool.release(ip("10.0.0.13"));
        assertThat(pool.free()).isEqualTo(15);
        assertThat(pool.isFree(ip("10.0.0.12"))).isTrue();
    }

    @Test
    void addressesOutsideTheRangesAreIgnoredAndNeverFree() {
        pool.take(ip("10.0.0.9"));
        pool.take(ip("10.0.0.20"));
        pool.release(ip("192.168.1.1"));

        assertThat(pool.free()).isEqualTo(16);
        assertThat(pool.isFree(ip("10.0.0.9"))).isFalse();
        assertThat(pool.contains(ip("10.0.0.9"))).isFalse();
        assertThat(pool.contains(ip("10.0.0.10"))).isTrue();
        assertThat(pool.contains(ip("10.0.1.4"))).isTrue();
        assertThat(pool.contains(ip("10.0.1.5"))).isFalse();
        assertThat(pool.contains(ip("10.0.2.7"))).isTrue();
    }

    @Test
    void theLeaseTimeIsTheRangesOwn() {
        AddressPool two = new AddressPool(List.of(range("10.0.0.1", "10.0.0.5"),
                new AddressPool.Range(Ipv4Ints.of(ip("10.0.1.1")), Ipv4Ints.of(ip("10.0.1.5")),
                        Duration.ofMinutes(5))));

        assertThat(two.leaseTime(ip("10.0.0.3"))).contains(HOUR);
        assertThat(two.leaseTime(ip("10.0.1.3"))).contains(Duration.ofMinutes(5));
        assertThat(two.leaseTime(ip("10.0.2.3"))).isEmpty();
    }

    @Test
    void theSearchStartsWhereTheHintPointsAcrossAllRanges() {
        for (int n = 0; n < 16; n++) {
            assertThat(pool.findFree(n)).as("hint %d", n).contains(nth(n));
            assertThat(pool.findFree(n + 16 * 1000)).as("hint %d wraps modulo the size", n + 16_000).contains(nth(n));
        }
    }

    @Test
    void aNegativeHintIsReadUnsigned() {
        int hint = -1; // 2^32 - 1, and 2^32 - 1 = 15 mod 16
        assertThat(pool.findFree(hint)).contains(nth(15));
        assertThat(pool.findFree(Integer.MIN_VALUE)).contains(nth(0)); // 2^31 = 0 mod 16
    }

    @Test
    void takenAddressesAreSkippedIntoTheNextRange() {
        for (int n = 3; n < 12; n++) {
            pool.take(nth(n));
        }

        assertThat(pool.findFree(3)).contains(nth(12));
        assertThat(pool.findFree(9)).contains(nth(12));
        assertThat(pool.findFree(2)).contains(nth(2));
    }

    @Test
    void theSearchWrapsAroundToTheStartOfTheFirstRange() {
        for (int n = 0; n < 16; n++) {
            if (n != 1) {
                pool.take(nth(n));
            }
        }

        assertThat(pool.findFree(5)).contains(nth(1));
        assertThat(pool.findFree(15)).contains(nth(1));
        assertThat(pool.findFree(1)).contains(nth(1));
    }

    @Test
    void theSearchWrapsIntoTheStartRangeBeforeTheHint() {
        for (int n = 0; n < 16; n++) {
            if (n != 11) {
                pool.take(nth(n));
            }
        }

        assertThat(pool.findFree(13)).as("only 10.0.1.1 is free, before the hint's place in the same range")
                .contains(nth(11));
    }

    @Test
    void theSearchCanBeLimitedToSomeRanges() {
        java.util.function.Predicate<AddressPool.Range> secondOnly = r -> r.first() == Ipv4Ints.of(ip("10.0.1.0"));

        assertThat(pool.findFree(0, secondOnly)).as("hint in the first range").contains(nth(10));
        assertThat(pool.findFree(12, secondOnly)).contains(nth(12));
        assertThat(pool.findFree(15, secondOnly)).as("hint in the third range wraps to the second").contains(nth(10));
        for (int n = 10; n < 15; n++) {
            pool.take(nth(n));
        }
        assertThat(pool.findFree(12, secondOnly)).as("the second is full, the others do not count").isEmpty();
        assertThat(pool.findFree(12, r -> false)).isEmpty();
        assertThat(pool.findFree(12)).contains(nth(15));
    }

    @Test
    void aFullPoolHasNoFreeAddress() {
        for (int n = 0; n < 16; n++) {
            pool.take(nth(n));
        }

        assertThat(pool.free()).isZero();
        for (int hint = 0; hint < 40; hint++) {
            assertThat(pool.findFree(hint)).isEmpty();
        }
        assertThat(new AddressPool(List.of()).findFree(0)).isEmpty();
        assertThat(new AddressPool(List.of()).size()).isZero();
    }

    @Test
    void theSearchFindsAFreeAddressWheneverOneExists() {
        Random random = new Random(3);
        for (int round = 0; round < 2000; round++) {
            AddressPool p = new AddressPool(List.of(range("10.0.0.10", "10.0.0.19"), range("10.0.1.0", "10.0.1.4"),
                    range("10.0.2.7", "10.0.2.7")));
            BitSet taken = new BitSet(16);
            int toTake = random.nextInt(17);
            while (taken.cardinality() < toTake) {
                int n = random.nextInt(16);
                taken.set(n);
                p.take(nth(n));
            }
            int hint = random.nextInt();

            Optional<Inet4Address> found = p.findFree(hint);

            assertThat(p.free()).isEqualTo(16 - toTake);
            if (toTake == 16) {
                assertThat(found).isEmpty();
                continue;
            }
            int start = (int) (Integer.toUnsignedLong(hint) % 16);
            int expected = start;
            while (taken.get(expected)) {
                expected = (expected + 1) % 16;
            }
            assertThat(found).as("taken %s, hint at %d", taken, start).contains(nth(expected));
        }
    }

    @Test
    void clientsSpreadOverTheRange() {
        AddressPool p = new AddressPool(List.of(range("10.0.0.1", "10.0.0.254")));
        Set<Inet4Address> starts = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] mac = {0x52, 0x54, 0, 0x12, 0x34, (byte) i};
            starts.add(p.findFree(ClientKey.ofHardware(1, mac).spread()).orElseThrow());
        }

        assertThat(starts).as("MACs of one vendor block that differ in one byte land apart").hasSizeGreaterThan(75);
    }

    @Test
    void clientsTakingAddressesInTurnFillThePoolWithoutCollisions() {
        AddressPool p = new AddressPool(List.of(range("10.0.0.1", "10.0.0.50"), range("10.0.3.1", "10.0.3.50")));
        List<Inet4Address> given = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Inet4Address address = p.findFree(ClientKey.ofClientId(new byte[] {1, (byte) i, 7}).spread())
                    .orElseThrow();
            p.take(address);
            given.add(address);
        }

        assertThat(new HashSet<>(given)).hasSize(100);
        assertThat(p.free()).isZero();
        assertThat(p.findFree(12345)).isEmpty();
    }

    @Test
    void aLargeRangeStillFindsItsLastFreeAddress() {
        AddressPool big = new AddressPool(List.of(range("10.0.0.0", "10.15.255.255")));
        assertThat(big.size()).isEqualTo(1 << 20);
        for (long n = Ipv4Ints.of(ip("10.0.0.0")); n <= Ipv4Ints.of(ip("10.15.255.255")); n++) {
            if (n != Ipv4Ints.of(ip("10.7.1.2"))) {
                big.take(Ipv4Ints.address(n));
            }
        }

        assertThat(big.free()).isEqualTo(1);
        assertThat(big.findFree(0)).contains(ip("10.7.1.2"));
        assertThat(big.findFree(Integer.MAX_VALUE)).contains(ip("10.7.1.2"));
    }

    @Test
    void aRangeMustRunForwardsWithinIpv4() {
        assertThatThrownBy(() -> new AddressPool.Range(10, 9, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressPool.Range(-1, 9, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressPool.Range(0, 1L << 32, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AddressPool.Range(5, 5, HOUR).size()).isEqualTo(1);
    }
}
