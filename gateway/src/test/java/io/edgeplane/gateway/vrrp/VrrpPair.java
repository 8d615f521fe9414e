package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.TestInfo;

/**
 * Two VRRP nodes of a {@link Pairing} on a fresh {@link Topology}, with their files under
 * {@code target/vrrp-interop/TEST-ID/} (configs, daemon logs, flag files, kept for a look after a failure). {@link
 * #close()} crashes the nodes still running (keepalived takes a second to stop on SIGTERM; the namespaces go
 * anyway) and deletes the topology.
 */
final class VrrpPair implements AutoCloseable {

    /** How long a daemon may take to start, on top of the protocol's own waiting. */
    static final Duration STARTUP = Duration.ofSeconds(3);

    final Pairing pairing;
    final Topology topology;
    final Path dir;
    final VrrpNode n1;
    final VrrpNode n2;

    private VrrpPair(Pairing pairing, Topology topology, Path dir, VrrpNode n1, VrrpNode n2) {
        this.pairing = pairing;
        this.topology = topology;
        this.dir = dir;
        this.n1 = n1;
        this.n2 = n2;
    }

    /** The directory a test's files go in, made before the specs that point into it. */
    static Path directory(TestInfo info) throws IOException {
        String testName = info.getTestMethod().map(Method::getName).orElse("test") + "-" + info.getDisplayName();
        String safe = testName.replaceAll("[^A-Za-z0-9_.-]+", "_");
        return Files.createDirectories(Path.of("target", "vrrp-interop", safe + "-" + System.nanoTime())
                .toAbsolutePath());
    }

    /** Builds the topology and the two (not yet started) nodes, or skips when the machine lacks a part. */
    static VrrpPair create(Pairing pairing, Path dir, VrrpInstanceSpec spec1, VrrpInstanceSpec spec2)
            throws Exception {
        Objects.requireNonNull(pairing, "pairing");
        Interop.requireRoot();
        Interop.requireIp();
        pairing.requireAvailable();
        Topology topology = Topology.create(2);
        try {
            VrrpNode n1 = pairing.of(1).create(topology.node(1), spec1, dir);
            VrrpNode n2 = pairing.of(2).create(topology.node(2), spec2, dir);
            return new VrrpPair(pairing, topology, dir, n1, n2);
        } catch (Exception | Error e) {
            topology.close();
            throw e;
        }
    }

    /** A pair of nodes made by the caller on {@code topology}, which the pair closes. */
    static VrrpPair of(Pairing pairing, Topology topology, Path dir, VrrpNode n1, VrrpNode n2) {
        return new VrrpPair(pairing, topology, dir, n1, n2);
    }

    /** Node 1's VIP, which is node 2's too. */
    String vip() {
        return n1.spec().vip();
    }

    List<VrrpNode> nodes() {
        return List.of(n1, n2);
    }

    /** Starts both nodes, node 1 first. */
    void startBoth() throws IOException, InterruptedException {
        n1.start();
        n2.start();
    }

    /**
     * Waits until {@code node} alone holds the VIP, within {@code timeout}, and fails with the holders and both
     * logs otherwise.
     */
    void awaitSoleHolder(VrrpNode node, Duration timeout) throws IOException, InterruptedException {
        List<Topology.Member> holders = topology.awaitSoleHolder(vip(), node.member(), timeout);
        assertThat(holders).as("%s should hold %s alone within %d ms; holders %s%n%s", node, vip(),
                timeout.toMillis(), holders, logs()).containsExactly(node.member());
    }

    /** The election after a start: the protocol's master down interval plus the daemons' start-up. */
    Duration electionTimeout() {
        return n1.spec().masterDownInterval().plus(n2.spec().masterDownInterval()).plus(STARTUP);
    }

    /** The tails of both logs, for failure messages. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (VrrpNode node : nodes()) {
            out.append("--- ").append(node).append(" (").append(node.log()).append(")\n")
                    .append(node.logTail(25)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (VrrpNode node : nodes()) {
            try {
                node.close();
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            topology.close();
        } catch (Exception e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
