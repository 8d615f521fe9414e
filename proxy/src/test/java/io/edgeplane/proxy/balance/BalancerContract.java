package io.edgeplane.proxy.balance;

import static io.edgeplane.proxy.balance.TestPools.equal;
import static io.edgeplane.proxy.balance.TestPools.mask;
import static io.edgeplane.proxy.balance.TestPools.pool;
import static io.edgeplane.proxy.balance.TestPools.primaries;
import static io.edgeplane.proxy.balance.TestPools.server;
import static io.edgeplane.proxy.balance.TestPools.tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rules every policy keeps: only available, non-excluded servers; backups only when no primary can be
 * picked; null when nothing can; no allocation per pick. Each policy's test class extends this.
 */
abstract class BalancerContract {

    /** Seeded, so a failure reproduces; hashing policies get a different key per pick. */
    private final SplittableRandom keys = new SplittableRandom(20_240_601);

    abstract LoadBalancer create(List<UpstreamServer> servers);

    long key() {
        return keys.nextLong();
    }

    @Test
    void picksEveryServerOfAHealthyPool() {
        LoadBalancer balancer = create(primaries(3, 1, 2, 1));

        int[] counts = tally(balancer, 20_000, this::key, 0);

        assertThat(counts).doesNotContain(0);
    }

    @Test
    void neverPicksAnUnavailableServer() {
        List<UpstreamServer> servers = primaries(3, 1, 2, 1);
        LoadBalancer balancer = create(servers);
        servers.get(0).setAvailable(false);
        servers.get(2).setAvailable(false);

        int[] counts = tally(balancer, 20_000, this::key, 0);

        assertThat(counts[0]).isZero();
        assertThat(counts[2]).isZero();
        assertThat(counts[1]).isPositive();
        assertThat(counts[3]).isPositive();
    }

    @Test
    void neverPicksAnExcludedServer() {
        LoadBalancer balancer = create(primaries(3, 1, 2, 1));

        int[] counts = tally(balancer, 20_000, this::key, mask(0, 3));

        assertThat(counts[0]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[1]).isPositive();
        assertThat(counts[2]).isPositive();
    }

    @Test
    void backupsOnlyWhileNoPrimaryIsAvailable() {
        List<UpstreamServer> servers = pool(new int[] {2, 1}, new int[] {1, 1});
        LoadBalancer balancer = create(servers);

        assertThat(tally(balancer, 10_000, this::key, 0)).endsWith(0, 0);

        servers.get(0).setAvailable(false);
        servers.get(1).setAvailable(false);
        int[] down = tally(balancer, 10_000, this::key, 0);
        assertThat(down).startsWith(0, 0);
        assertThat(down[2]).isPositive();
        assertThat(down[3]).isPositive();

        servers.get(1).setAvailable(true);
        assertThat(tally(balancer, 10_000, this::key, 0)).containsExactly(0, 10_000, 0, 0);
    }

    @Test
    void backupsWhenEveryPrimaryIsExcluded() {
        LoadBalancer balancer = create(pool(new int[] {2, 1}, new int[] {1, 1}));

        int[] bothBackups = tally(balancer, 10_000, this::key, mask(0, 1));
        int[] oneBackup = tally(balancer, 10_000, this::key, mask(0, 1, 2));

        assertThat(bothBackups).startsWith(0, 0);
        assertThat(bothBackups[2]).isPositive();
        assertThat(bothBackups[3]).isPositive();
        assertThat(oneBackup).containsExactly(0, 0, 0, 10_000);
    }

    @Test
    void backupsStayIdleWhileOnePrimaryIsLeft() {
        List<UpstreamServer> servers = pool(new int[] {5, 1, 1}, new int[] {10});
        LoadBalancer balancer = create(servers);
        servers.get(0).setAvailable(false);

        int[] counts = tally(balancer, 10_000, this::key, mask(1));

        assertThat(counts).containsExactly(0, 0, 10_000, 0);
    }

    @Test
    void nullWhenNothingCanBePicked() {
        List<UpstreamServer> servers = pool(new int[] {1, 1}, new int[] {1});
        LoadBalancer balancer = create(servers);

        assertThat(balancer.pick(key(), mask(0, 1, 2))).isNull();
        servers.get(0).setAvailable(false);
        servers.get(1).setAvailable(false);
        assertThat(balancer.pick(key(), mask(2))).isNull();
        servers.get(2).setAvailable(false);
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(key(), 0)).isNull();
        }
    }

    @Test
    void serversFrom64OnCannotBeExcluded() {
        LoadBalancer balancer = create(equal(66));

        int[] counts = tally(balancer, 10_000, this::key, -1L);

        assertThat(counts).hasSize(66);
        for (int i = 0; i < 64; i++) {
            assertThat(counts[i]).as("server %d", i).isZero();
        }
        assertThat(counts[64]).isPositive();
        assertThat(counts[65]).isPositive();
    }

    @Test
    void listsItsServersInIndexOrder() {
        List<UpstreamServer> servers = pool(new int[] {1, 2}, new int[] {3});

        assertThat(create(servers).servers()).containsExactlyElementsOf(servers);
    }

    @Test
    void rejectsAPoolOutOfIndexOrder() {
        List<UpstreamServer> swapped = List.of(server(1, 1, false), server(0, 1, false));

        assertThatIllegalArgumentException().isThrownBy(() -> create(swapped))
                .withMessageContaining("has index 1 but is at position 0");
        assertThatIllegalArgumentException().isThrownBy(() -> create(List.of()))
                .withMessageContaining("at least one server");
        assertThatNullPointerException().isThrownBy(() -> create(null)).withMessage("servers");
    }

    @Test
    void pickAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "this JVM doesn't count allocated bytes per thread");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<UpstreamServer> servers = pool(new int[] {5, 1, 1, 3}, new int[] {1});
        LoadBalancer balancer = create(servers);
        servers.get(1).setAvailable(false);
        long[] hashes = new long[1024];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = key();
        }
        int picked = pickMany(balancer, hashes, 20_000);

        long before = bean.getCurrentThreadAllocatedBytes();
        picked += pickMany(balancer, hashes, 100_000);
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;

        assertThat(picked).isEqualTo(120_000);
        // A single allocating pick would be at least 16 bytes, 1.6 MB over the run; the slack absorbs
        // one-off runtime work such as a deoptimization.
        assertThat(allocated).as("bytes allocated by 100,000 picks").isLessThan(64 * 1024);
    }

    private static int pickMany(LoadBalancer balancer, long[] hashes, int picks) {
        int picked = 0;
        for (int i = 0; i < picks; i++) {
            // Alternate plain picks with retries that exclude the heaviest server, to run the fallback paths.
            if (balancer.pick(hashes[i & 1023], (i & 1) == 0 ? 0 : 1L) != null) {
                picked++;
            }
        }
        return picked;
    }
}
