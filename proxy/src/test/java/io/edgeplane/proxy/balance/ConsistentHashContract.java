package io.edgeplane.proxy.balance;

import static io.edgeplane.proxy.balance.TestPools.equal;
import static io.edgeplane.proxy.balance.TestPools.mask;
import static io.edgeplane.proxy.balance.TestPools.primaries;
import static io.edgeplane.proxy.balance.TestPools.shares;
import static io.edgeplane.proxy.balance.TestPools.tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What both consistent-hashing policies promise, with each one's tolerances. */
abstract class ConsistentHashContract extends BalancerContract {

    private static final int KEYS = 100_000;

    /** How far a server's share of keys may stray from its weighted share, relative to it. */
    abstract double shareTolerance();

    /** The least share of keys that must keep their server when another server goes down. */
    abstract double keptShare();

    private static long[] keys(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] keys = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = random.nextLong();
        }
        return keys;
    }

    private static int[] owners(LoadBalancer balancer, long[] keys) {
        int[] owners = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            owners[i] = balancer.pick(keys[i], 0).index();
        }
        return owners;
    }

    private void assertShares(int[] counts, double... expected) {
        double[] shares = shares(counts);
        for (int i = 0; i < expected.length; i++) {
            assertThat(shares[i]).as("share of server %d", i)
                    .isCloseTo(expected[i], within(expected[i] * shareTolerance()));
        }
    }

    @Test
    void sameKeySameServer() {
        LoadBalancer balancer = create(equal(5));
        LoadBalancer twin = create(equal(5));
        long[] keys = keys(1);

        int[] owners = owners(balancer, keys);

        assertThat(owners(balancer, keys)).isEqualTo(owners);
        // Built from the same pool, another balancer (another gateway, or this one after a reload)
        // agrees key for key.
        assertThat(owners(twin, keys)).isEqualTo(owners);
    }

    @Test
    void spreadsKeysEvenly() {
        long[] keys = keys(2);
        int[] counts = new int[4];
        for (int owner : owners(create(equal(4)), keys)) {
            counts[owner]++;
        }

        assertShares(counts, 0.25, 0.25, 0.25, 0.25);
    }

    @Test
    void spreadsSequentialClientAddressesEvenly() throws Exception {
        LoadBalancer balancer = create(equal(4));
        byte[] address = {10, 1, 0, 0};

        int[] counts = tally(balancer, 65_536, () -> {
            address[3]++;
            if (address[3] == 0) {
                address[2]++;
            }
            try {
                return RequestHashes.ofAddress(InetAddress.getByAddress(address));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }, 0);

        assertShares(counts, 0.25, 0.25, 0.25, 0.25);
    }

    @Test
    void weightsShiftSharesProportionally() {
        long[] keys = keys(3);
        int[] counts = new int[3];
        for (int owner : owners(create(primaries(2, 1, 1)), keys)) {
            counts[owner]++;
        }

        assertShares(counts, 0.5, 0.25, 0.25);
    }

    @Test
    void aDownServerGivesUpOnlyItsOwnKeys() {
        List<UpstreamServer> servers = equal(4);
        LoadBalancer balancer = create(servers);
        long[] keys = keys(4);
        int[] before = owners(balancer, keys);

        servers.get(2).setAvailable(false);
        int[] after = owners(balancer, keys);

        int elsewhere = 0;
        int kept = 0;
        int moved = 0;
        int[] heirs = new int[4];
        for (int i = 0; i < keys.length; i++) {
            if (before[i] == 2) {
                moved++;
                heirs[after[i]]++;
            } else {
                elsewhere++;
                kept += before[i] == after[i] ? 1 : 0;
            }
        }
        assertThat((double) kept / elsewhere).isGreaterThanOrEqualTo(keptShare());
        assertThat((double) moved / keys.length).as("share of keys remapped").isCloseTo(0.25, within(0.25 * shareTolerance()));
        // Its keys are spread over the others, not dumped on one neighbour.
        assertThat(heirs[2]).isZero();
        for (int heir : new int[] {0, 1, 3}) {
            assertThat((double) heirs[heir] / moved).as("share of the down server's keys to server %d", heir)
                    .isBetween(0.15, 0.55);
        }
    }

    @Test
    void aServerBackUpGetsItsKeysBack() {
        List<UpstreamServer> servers = equal(4);
        LoadBalancer balancer = create(servers);
        long[] keys = keys(5);
        int[] before = owners(balancer, keys);

        servers.get(1).setAvailable(false);
        owners(balancer, keys);
        servers.get(1).setAvailable(true);

        assertThat(owners(balancer, keys)).isEqualTo(before);
    }

    @Test
    void aRetryOfAKeyAlwaysFallsBackToTheSameServer() {
        LoadBalancer balancer = create(equal(6));
        long[] keys = keys(6);

        for (int i = 0; i < 1_000; i++) {
            UpstreamServer first = balancer.pick(keys[i], 0);
            UpstreamServer second = balancer.pick(keys[i], mask(first.index()));
            UpstreamServer third = balancer.pick(keys[i], mask(first.index(), second.index()));

            assertThat(second).isNotSameAs(first);
            assertThat(third).isNotSameAs(first).isNotSameAs(second);
            assertThat(balancer.pick(keys[i], mask(first.index()))).isSameAs(second);
            assertThat(balancer.pick(keys[i], mask(first.index(), second.index()))).isSameAs(third);
        }
    }
}
