package io.edgeplane.gateway.dhcp;

import io.edgeplane.gateway.testing.Distribution;
import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * edgeplane as the server under test: the distribution's {@code bin/edgeplane run --config FILE} in the server
 * namespace, with a config of {@code dns} (answering lease names on port 53, forwarding nothing) and {@code dhcp}
 * written from the same {@link DhcpServerSpec} as dnsmasq's command line. Its leases are read from its lease
 * journal, replayed as edgeplane replays it at start: the last line of each address wins, {@code -} ends a lease,
 * and a last line without its newline (a write cut short) does not count.
 */
final class EdgeplaneDhcpServer extends ProcessDhcpServer {

    /** edgeplane prints it when every service runs. */
    private static final String READY_LINE = "started in ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    EdgeplaneDhcpServer(DhcpTopology topology, DhcpServerSpec spec, Path dir) throws IOException {
        super(topology, spec, dir, "edgeplane");
    }

    static void requireDistribution() {
        Interop.require(Distribution.directory().isPresent(), "no edgeplane distribution under "
                + Distribution.searchPath() + " (mvn -q -o package -DskipTests builds it)");
    }

    @Override
    public String implementation() {
        return "edgeplane";
    }

    Path leaseFile() {
        return dir.resolve("edgeplane.leases");
    }

    Path config() {
        return dir.resolve("edgeplane.yaml");
    }

    /** The config for {@link #spec}: see docs/configuration.md, sections dns and dhcp. */
    String render() {
        String server = DhcpTopology.SERVER_ADDRESS.getHostAddress();
        StringBuilder out = new StringBuilder();
        out.append("# Written by the DHCP interop test.\n");
        out.append("node: { name: ep-dhcp, shutdown_grace: 1s }\n");
        out.append("dns:\n");
        out.append("  listen: [").append(server).append(":53]\n");
        out.append("  domain: ").append(spec.domain()).append('\n');
        out.append("  local_domains: [").append(spec.domain()).append("]\n");
        out.append("dhcp:\n");
        out.append("  interface: ").append(DhcpTopology.INTERFACE).append('\n');
        out.append("  ranges: [{ from: ").append(spec.rangeFrom().getHostAddress()).append(", to: ")
                .append(spec.rangeTo().getHostAddress()).append(", netmask: 255.255.255.0, lease: ")
                .append(spec.leaseTime().toSeconds()).append("s }]\n");
        out.append("  options: { router: ").append(server).append(", dns_servers: [").append(server)
                .append("], domain: ").append(spec.domain()).append(" }\n");
        if (!spec.reservations().isEmpty()) {
            out.append("  reservations:\n");
            for (DhcpServerSpec.Reservation r : spec.reservations()) {
                out.append("    - { mac: \"").append(r.mac()).append("\", address: ")
                        .append(r.address().getHostAddress()).append(", name: ").append(r.hostname()).append(" }\n");
            }
        }
        out.append("  lease_file: ").append(leaseFile()).append('\n');
        out.append("  authoritative: true\n");
        return out.toString();
    }

    @Override
    protected void prepare() throws IOException {
        Files.writeString(config(), render(), StandardCharsets.UTF_8);
    }

    @Override
    protected List<String> command() {
        return List.of(Distribution.launcher().toString(), "run", "--config", config().toString());
    }

    @Override
    protected String readyLine() {
        return READY_LINE;
    }

    @Override
    protected Duration startTimeout() {
        return START_TIMEOUT;
    }

    /** Kills the server at once (SIGKILL), as a power cut or the OOM killer would: nothing is flushed or closed. */
    void kill() throws IOException, InterruptedException {
        signal("KILL");
    }

    @Override
    public List<ServerLease> leases() throws IOException {
        String text;
        try {
            text = Files.readString(leaseFile(), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException notYet) {
            return List.of();
        }
        Map<String, ServerLease> byAddress = new LinkedHashMap<>();
        int complete = text.lastIndexOf('\n') + 1;
        for (String line : text.substring(0, complete).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 7 && f[0].equals("+")) {
                byAddress.put(f[3], new ServerLease(f[2], (Inet4Address) InetAddress.ofLiteral(f[3]),
                        f[4].equals("*") ? Optional.empty() : Optional.of(f[4]), Instant.ofEpochSecond(Long.parseLong(f[1]))));
            } else if (f.length == 3 && f[0].equals("-")) {
                byAddress.remove(f[1]);
            }
        }
        Instant now = Instant.now();
        return new ArrayList<>(byAddress.values().stream().filter(l -> l.expires().isAfter(now)).toList());
    }
}
