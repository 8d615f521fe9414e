package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import io.edgeplane.gateway.testing.Distribution;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * edgeplane as a node: the distribution's {@code bin/edgeplane run --config FILE} inside the namespace, with a
 * config holding only {@code node} and {@code vrrp}, written from the same {@link VrrpInstanceSpec} as keepalived's
 * (docs/configuration.md, section vrrp). SIGTERM is edgeplane's orderly shutdown, in which its VRRP service is to
 * send priority 0 and remove the virtual IPs, as keepalived does.
 *
 * <p>The distribution is {@code -Dedgeplane.dist.dir=DIR}, or else the newest {@code gateway/target/edgeplane-*}
 * directory of this checkout ({@code mvn -q -o package -DskipTests -Djacoco.skip=true} builds it).
 */
final class EdgeplaneNode extends DaemonNode {

    private final UnaryOperator<String> configEdit;

    EdgeplaneNode(Topology.Member member, VrrpInstanceSpec spec, Path dir) throws IOException {
        this(member, spec, dir, UnaryOperator.identity());
    }

    /** @param configEdit changes the rendered config before it is written: a scenario's own sections */
    EdgeplaneNode(Topology.Member member, VrrpInstanceSpec spec, Path dir, UnaryOperator<String> configEdit)
            throws IOException {
        super(member, spec, dir);
        this.configEdit = configEdit;
    }

    /** edgeplane prints it when every service runs. */
    @Override
    protected String readyLine() {
        return "started in ";
    }

    @Override
    public String implementation() {
        return "edgeplane";
    }

    Path config() {
        return dir.resolve("edgeplane.yaml");
    }

    @Override
    protected void writeConfig() throws IOException {
        Files.writeString(config(), configEdit.apply(render(member, spec)), StandardCharsets.UTF_8);
    }

    @Override
    protected List<String> command() {
        return List.of(launcher().toString(), "run", "--config", config().toString());
    }

    private static Path launcher() {
        return Distribution.launcher();
    }

    /** The config for {@code spec} on {@code member}: only {@code node} and {@code vrrp}. */
    static String render(Topology.Member member, VrrpInstanceSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by the VRRP interop test for node ").append(member.name()).append(".\n");
        out.append("node:\n");
        out.append("  name: ep-").append(member.name()).append('\n');
        out.append("\n");
        out.append("vrrp:\n");
        out.append("  instances:\n");
        out.append("    - name: ").append(spec.name()).append('\n');
        out.append("      interface: ").append(Topology.INTERFACE).append('\n');
        out.append("      virtual_router_id: ").append(spec.vrid()).append('\n');
        out.append("      priority: ").append(spec.priority()).append('\n');
        out.append("      version: ").append(spec.version()).append('\n');
        out.append("      advert_interval: ").append(duration(spec.advertInterval())).append('\n');
        out.append("      preempt: ").append(spec.preempt()).append('\n');
        spec.authPass().ifPresent(pass -> out.append("      auth: { pass: ").append(quoted(pass)).append(" }\n"));
        out.append("      virtual_ips:\n");
        out.append("        - ").append(spec.vip()).append('\n');
        if (!spec.unicastPeers().isEmpty()) {
            out.append("      unicast_source: ").append(member.address(spec.vipAddress()).getHostAddress())
                    .append('\n');
            out.append("      unicast_peers: [")
                    .append(spec.unicastPeers().stream().map(InetAddress::getHostAddress)
                            .collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        spec.trackScript().ifPresent(script -> {
            out.append("      track:\n");
            out.append("        - { script: ").append(script.scriptName()).append(", weight: ")
                    .append(script.weight()).append(" }\n");
        });
        spec.trackScript().ifPresent(script -> {
            out.append("  scripts:\n");
            out.append("    ").append(script.scriptName()).append(":\n");
            out.append("      command: [").append(String.join(", ", script.command())).append("]\n");
            out.append("      interval: ").append(duration(script.interval())).append('\n');
        });
        return out.toString();
    }

    /** {@code 1s}, {@code 100ms}: the duration syntax of docs/configuration.md. */
    private static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Runs {@code bin/edgeplane check --config FILE} on this node's config, written first; returns its output,
     * or throws with it when the check refuses the file.
     */
    String check() throws IOException, InterruptedException {
        writeConfig();
        return Interop.run(List.of(launcher().toString(), "check", "--config", config().toString()));
    }

    /** The distribution directory, if one is built. */
    static Optional<Path> distribution() {
        return Distribution.directory();
    }

    /** Where {@link #distribution()} looks. */
    static Path distributionSearchPath() {
        return Distribution.searchPath();
    }
}
