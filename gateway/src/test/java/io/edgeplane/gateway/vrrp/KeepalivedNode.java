package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * keepalived (Debian's 2.2.7) as a node: {@code keepalived -n -l -D -f CONF -p PID -r VRRP_PID --vrrp}, in the
 * foreground, logging to its console (the node's log file), the VRRP child only, with pid files of its own so that
 * several run side by side. The parent supervises the VRRP child; SIGTERM to the parent makes the child send
 * priority 0 and remove its virtual IPs.
 *
 * <p>The config, from {@link VrrpInstanceSpec}: {@code state BACKUP} always (edgeplane has no other start state,
 * and keepalived's {@code nopreempt} needs it); {@code version} per instance; {@code advert_int} in seconds, a
 * fraction for version 3; the password under {@code authentication { auth_type PASS }}; the one virtual IP on
 * eth0; unicast peers with {@code unicast_src_ip} set to the node's own address; a tracked script as a
 * {@code vrrp_script} with {@code fall 1 rise 1}, run as root ({@code script_user root}, without
 * {@code enable_script_security}: the flag file lives under the build directory).
 */
final class KeepalivedNode extends DaemonNode {

    KeepalivedNode(Topology.Member member, VrrpInstanceSpec spec, Path dir) throws IOException {
        super(member, spec, dir);
    }

    /** keepalived logs it once its instances are set up (in BACKUP, or FAULT with the link down). */
    @Override
    protected String readyLine() {
        return "Startup complete";
    }

    @Override
    public String implementation() {
        return "keepalived";
    }

    Path config() {
        return dir.resolve("keepalived.conf");
    }

    @Override
    protected void writeConfig() throws IOException {
        Files.writeString(config(), render(member, spec), StandardCharsets.UTF_8);
        // After a crash the VRRP child may linger as a zombie until PID 1 reaps it, and keepalived, finding its
        // pid in the file, would exit with "daemon is already running". The previous run of this node is over.
        Files.deleteIfExists(dir.resolve("keepalived.pid"));
        Files.deleteIfExists(dir.resolve("vrrp.pid"));
    }

    @Override
    protected List<String> command() {
        return List.of(Interop.requireProgram("keepalived", "keepalived").toString(), "-n", "-l", "-D", "-f", config().toString(),
                "-p", dir.resolve("keepalived.pid").toString(), "-r", dir.resolve("vrrp.pid").toString(), "--vrrp");
    }

    /** keepalived.conf for {@code spec} on {@code member}. */
    static String render(Topology.Member member, VrrpInstanceSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("global_defs {\n");
        out.append("    router_id ep_").append(member.name()).append('\n');
        out.append("    script_user root\n");
        out.append("}\n\n");
        spec.trackScript().ifPresent(script -> {
            out.append("vrrp_script ").append(script.scriptName()).append(" {\n");
            out.append("    script \"").append(String.join(" ", script.command())).append("\"\n");
            out.append("    interval ").append(seconds(script.interval())).append('\n');
            out.append("    weight ").append(script.weight()).append('\n');
            out.append("    fall 1\n");
            out.append("    rise 1\n");
            out.append("}\n\n");
        });
        out.append("vrrp_instance ").append(spec.name()).append(" {\n");
        out.append("    state BACKUP\n");
        out.append("    interface ").append(Topology.INTERFACE).append('\n');
        out.append("    virtual_router_id ").append(spec.vrid()).append('\n');
        out.append("    priority ").append(spec.priority()).append('\n');
        out.append("    version ").append(spec.version()).append('\n');
        out.append("    advert_int ").append(seconds(spec.advertInterval())).append('\n');
        if (!spec.preempt()) {
            out.append("    nopreempt\n");
        }
        spec.authPass().ifPresent(pass -> {
            out.append("    authentication {\n");
            out.append("        auth_type PASS\n");
            out.append("        auth_pass ").append(pass).append('\n');
            out.append("    }\n");
        });
        if (!spec.unicastPeers().isEmpty()) {
            out.append("    unicast_src_ip ").append(member.address(spec.vipAddress()).getHostAddress()).append('\n');
            out.append("    unicast_peer {\n");
            for (InetAddress peer : spec.unicastPeers()) {
                out.append("        ").append(peer.getHostAddress()).append('\n');
            }
            out.append("    }\n");
        }
        out.append("    virtual_ipaddress {\n");
        out.append("        ").append(spec.vip()).append(" dev ").append(Topology.INTERFACE).append('\n');
        out.append("    }\n");
        spec.trackScript().ifPresent(script -> {
            out.append("    track_script {\n");
            out.append("        ").append(script.scriptName()).append('\n');
            out.append("    }\n");
        });
        out.append("}\n");
        return out.toString();
    }

    /** {@code 1}, {@code 0.1}: keepalived's intervals are seconds, fractions allowed where it takes them. */
    private static String seconds(java.time.Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
