package io.edgeplane.gateway.firewall;

import io.edgeplane.gateway.testing.NamespaceProcess;
import io.edgeplane.gateway.firewall.FirewallLan.Host;
import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * keepalived (Debian's 2.2.7) as the router's VRRP peer on the cluster LAN, with a higher priority than the router's
 * instance ({@link RouterConfig}): the same VRID, VRRPv3, advert 1 s, the same virtual IP. It runs in the foreground,
 * the VRRP child only, logging to its console, with pid files of its own, as the VRRP tests' {@code KeepalivedNode}
 * runs it.
 */
final class KeepalivedPeer implements AutoCloseable {

    static final int PRIORITY = 200;
    private static final Duration MASTER_TIMEOUT = Duration.ofSeconds(15);

    private final NamespaceProcess process;

    private KeepalivedPeer(NamespaceProcess process) {
        this.process = process;
    }

    /** Starts keepalived in the cluster host's namespace; returns once it is MASTER. */
    static KeepalivedPeer startMaster(FirewallLan lan) throws IOException, InterruptedException {
        Path keepalived = Interop.requireProgram("keepalived", "keepalived");
        Path dir = Files.createDirectories(lan.dir().resolve("keepalived"));
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, """
                global_defs {
                    router_id efw_peer
                }

                vrrp_instance VI_1 {
                    state BACKUP
                    interface %s
                    virtual_router_id %d
                    priority %d
                    version 3
                    advert_int 1
                    virtual_ipaddress {
                        %s dev %s
                    }
                }
                """.formatted(FirewallLan.HOST_INTERFACE, RouterConfig.VRID, PRIORITY, RouterConfig.VIP,
                FirewallLan.HOST_INTERFACE), StandardCharsets.UTF_8);
        // A run killed before its pid files were removed would make keepalived exit with "already running".
        Files.deleteIfExists(dir.resolve("keepalived.pid"));
        Files.deleteIfExists(dir.resolve("vrrp.pid"));
        NamespaceProcess process = NamespaceProcess.start("keepalived@" + lan.netns(Host.CLUSTER),
                lan.netns(Host.CLUSTER), List.of(keepalived.toString(), "-n", "-l", "-D", "-f", config.toString(),
                        "-p", dir.resolve("keepalived.pid").toString(), "-r", dir.resolve("vrrp.pid").toString(),
                        "--vrrp"), dir.resolve("keepalived.log"));
        try {
            process.awaitLog("Entering MASTER STATE", MASTER_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.stop();
            throw e;
        }
        return new KeepalivedPeer(process);
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    /** SIGTERM: keepalived sends priority 0 and removes the virtual IP. */
    @Override
    public void close() throws InterruptedException {
        process.stop();
    }
}
