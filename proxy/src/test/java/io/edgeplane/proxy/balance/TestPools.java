package io.edgeplane.proxy.balance;

import io.edgeplane.config.value.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Pools and pick tallies shared by the balancer tests. */
final class TestPools {

    private TestPools() {
    }

    /** Primaries with the given weights, at 10.0.0.1:8080, 10.0.0.2:8080, ... */
    static List<UpstreamServer> primaries(int... weights) {
        return pool(weights, new int[0]);
    }

    /** Primaries then backups, indexes in that order. */
    static List<UpstreamServer> pool(int[] primaryWeights, int[] backupWeights) {
        List<UpstreamServer> servers = new ArrayList<>();
        for (int weight : primaryWeights) {
            servers.add(server(servers.size(), weight, false));
        }
        for (int weight : backupWeights) {
            servers.add(server(servers.size(), weight, true));
        }
        return servers;
    }

    /** {@code count} primaries of weight 1. */
    static List<UpstreamServer> equal(int count) {
        int[] weights = new int[count];
        java.util.Arrays.fill(weights, 1);
        return primaries(weights);
    }

    static UpstreamServer server(int index, int weight, boolean backup) {
        return new UpstreamServer(index, new HostPort("10.0." + (index / 250) + "." + (index % 250 + 1), 8080), weight, backup);
    }

    /** How often each server index was picked; nulls are not allowed. */
    static int[] tally(LoadBalancer balancer, int picks, LongSupplier hashes, long excluded) {
        int[] counts = new int[balancer.servers().size()];
        for (int i = 0; i < picks; i++) {
            UpstreamServer server = balancer.pick(hashes.getAsLong(), excluded);
            if (server == null) {
                throw new AssertionError("pick " + i + " returned null");
            }
            counts[server.index()]++;
        }
        return counts;
    }

    static double[] shares(int[] counts) {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / total;
        }
        return shares;
    }

    static long mask(int... indexes) {
        long mask = 0;
        for (int index : indexes) {
            mask |= 1L << index;
        }
        return mask;
    }
}
