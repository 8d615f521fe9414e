package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.TestInfo;

/**
 * One test's DHCP LAN: a fresh {@link DhcpTopology}, the server under test running in it, and one (not yet started)
 * client per {@link DhcpClientKind} given, client {@code n} in namespace {@code cn} asking for the host name
 * {@code KIND-cN}. Its files (logs, configs, scripts, event records, lease files) go under
 * {@code target/dhcp-interop/TEST-ID/} and stay there for a look after a failure. {@link #close()} stops the
 * clients, then the server, then deletes the topology, going on past failures.
 */
final class DhcpLan implements AutoCloseable {

    final DhcpTopology topology;
    final DhcpServerUnderTest server;
    final List<DhcpClient> clients;
    final Path dir;

    private DhcpLan(DhcpTopology topology, DhcpServerUnderTest server, List<DhcpClient> clients, Path dir) {
        this.topology = topology;
        this.server = server;
        this.clients = List.copyOf(clients);
        this.dir = dir;
    }

    /** The directory a test's files go in. */
    static Path directory(TestInfo info) throws IOException {
        String testName = info.getTestMethod().map(Method::getName).orElse("test") + "-" + info.getDisplayName();
        String safe = testName.replaceAll("[^A-Za-z0-9_.-]+", "_");
        return Files.createDirectories(Path.of("target", "dhcp-interop", safe + "-" + System.nanoTime())
                .toAbsolutePath());
    }

    /**
     * Builds the topology, starts {@code implementation} with {@code spec} and creates the clients (a test may
     * still change a client's MAC before it starts one), or skips when the machine lacks a part.
     */
    static DhcpLan start(DhcpServerImplementation implementation, DhcpServerSpec spec, List<DhcpClientKind> kinds,
            Path dir) throws Exception {
        Objects.requireNonNull(implementation, "implementation");
        Interop.requireRoot();
        Interop.requireIp();
        implementation.requireAvailable();
        kinds.forEach(DhcpClientKind::requireAvailable);
        Dig.requireDig();
        DhcpTopology topology = DhcpTopology.create(kinds.size());
        DhcpServerUnderTest server = null;
        List<DhcpClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < kinds.size(); i++) {
                DhcpTopology.Host host = topology.client(i + 1);
                clients.add(kinds.get(i).create(topology, host, kinds.get(i) + "-" + host.name(), dir));
            }
            server = implementation.create(topology, spec, dir);
            server.start();
            return new DhcpLan(topology, server, clients, dir);
        } catch (Exception | Error e) {
            new DhcpLan(topology, server, clients, dir).closeQuietly(e);
            throw e;
        }
    }

    DhcpClient client(int n) {
        return clients.get(n - 1);
    }

    /** The server's and the clients' last log lines, for failure messages. */
    String logs() {
        return "\n--- " + server.implementation() + ":\n" + server.logTail(25) + clients.stream()
                .map(c -> "\n--- " + c + ":\n" + c.logTail(25)).collect(Collectors.joining());
    }

    private void closeQuietly(Throwable failure) {
        try {
            close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        List<AutoCloseable> parts = new ArrayList<>(clients);
        if (server != null) {
            parts.add(server);
        }
        parts.add(topology);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
