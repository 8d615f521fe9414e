package io.edgeplane.vrrp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.core.os.net.NetworkNamespace;
import io.edgeplane.core.os.net.VethPair;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.edgeplane.core.health.HealthSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two edgeplane VRRP services in two network namespaces joined by a veth pair (198.18.0.1 and .2), VRRPv3 with
 * 100 ms adverts and a virtual address 198.18.0.100: the higher priority becomes master and holds the address,
 * a stop hands it over within Skew_Time, and a restart preempts it back. Nothing outside the namespaces changes.
 */
class VrrpServiceNamespaceTest {

    private static final String VIP = "198.18.0.100";

    /** No proxy runs in these tests. */
    private static final HealthSignals NO_PROXY = new HealthSignals() {
        @Override
        public Optional<Boolean> listenerHealthy(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Boolean> poolHealthy(String name) {
            return Optional.empty();
        }
    };

    @TempDir
    Path dir;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private VethPair lan;
    private VrrpService nodeA;
    private VrrpService nodeB;

    @BeforeEach
    void lan() throws Exception {
        lan = VethPair.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (VrrpService service : new VrrpService[] {nodeA, nodeB}) {
            if (service != null) {
                service.stop(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
            }
        }
        if (lan != null) {
            lan.close();
        }
        blocking.close();
    }

    @Test
    void theHigherPriorityHoldsTheAddressAStopHandsItOverAndARestartPreemptsItBack() throws Exception {
        nodeA = start(lan.a, lan.interfaceA, 150);
        nodeB = start(lan.b, lan.interfaceB, 100);

        awaitTrue("A master, B backup", () -> state(nodeA).equals("master") && state(nodeB).equals("backup"));
        awaitTrue("the address on A only", () -> holds(lan.a, lan.interfaceA) && !holds(lan.b, lan.interfaceB));
        assertThat(nodeB.statuses().getFirst().master()).contains(VethPair.ADDRESS_A);
        assertThat(nodeA.statuses().getFirst().advertsSent()).isPositive();
        assertThat(nodeB.statuses().getFirst().advertsReceived()).isPositive();
        assertThat(nodeA.health().healthy()).isTrue();

        long stopped = System.nanoTime();
        nodeA.stop(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        nodeA = null;
        awaitTrue("B master after A stopped", () -> state(nodeB).equals("master"));
        long handedOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        awaitTrue("the address moved to B", () -> holds(lan.b, lan.interfaceB) && !holds(lan.a, lan.interfaceA));
        // Priority 0 from the stopping master: B waits Skew_Time (61 ms at priority 100), not Master_Down_Interval.
        assertThat(handedOverMillis).as("ms from A's stop to B master").isLessThan(300);

        nodeA = start(lan.a, lan.interfaceA, 150);
        awaitTrue("A preempts back", () -> state(nodeA).equals("master") && state(nodeB).equals("backup"));
        awaitTrue("the address back on A only", () -> holds(lan.a, lan.interfaceA) && !holds(lan.b, lan.interfaceB));
    }

    @Test
    void aFailingTrackScriptLowersThePriorityAndTheAddressMovesAndNotifyProgramsRun() throws Exception {
        Path healthy = Files.createFile(dir.resolve("healthy"));
        Path notified = dir.resolve("notified");
        Path notifyMaster = script("notify-master", "echo master >> " + notified);
        Path notifyBackup = script("notify-backup", "echo backup >> " + notified);
        // keepalived's weight arithmetic: a failing script with weight -60 takes A from 150 to 90, below B's 100.
        nodeA = start(lan.a, lan.interfaceA, 150, """
                      track: [{ script: chk_healthy }]
                      notify: { master: %s, backup: %s }
                  scripts:
                    chk_healthy: { command: [/usr/bin/test, -e, %s], interval: 100ms, weight: -60, fall: 1, rise: 1 }
                """.formatted(notifyMaster, notifyBackup, healthy));
        nodeB = start(lan.b, lan.interfaceB, 100);
        awaitTrue("A master", () -> state(nodeA).equals("master") && state(nodeB).equals("backup"));
        awaitTrue("A's notify master ran", () -> read(notified).contains("master"));

        Files.delete(healthy);
        awaitTrue("B master once A's script fails", () -> state(nodeB).equals("master") && state(nodeA).equals("backup"));
        assertThat(nodeA.statuses().getFirst().priority()).isEqualTo(90);
        awaitTrue("the address moved to B", () -> holds(lan.b, lan.interfaceB) && !holds(lan.a, lan.interfaceA));
        awaitTrue("A's notify backup ran", () -> read(notified).endsWith("backup\n"));

        Files.createFile(healthy);
        awaitTrue("A preempts back once its script succeeds", () -> state(nodeA).equals("master"));
        assertThat(nodeA.statuses().getFirst().priority()).isEqualTo(150);
    }

    /**
     * A tracked interface with weight 0 (keepalived's track_interface) going down puts the master in FAULT. Another
     * interface stands for it (one end of a second veth pair inside A; this kernel may have no dummy driver): taking
     * down either end of the LAN's veth pair would take both nodes' links down.
     */
    @Test
    void aMasterWhoseTrackedInterfaceGoesDownIsInFaultAndTheBackupTakesOver() throws Exception {
        String uplink = "up" + lan.interfaceA.substring(3);
        String peer = "uq" + lan.interfaceA.substring(3);
        VethPair.ip("-n", lan.a.name(), "link", "add", uplink, "type", "veth", "peer", "name", peer);
        VethPair.ip("-n", lan.a.name(), "link", "set", peer, "up");
        VethPair.ip("-n", lan.a.name(), "link", "set", uplink, "up");
        nodeA = start(lan.a, lan.interfaceA, 150, """
                      track: [{ interface: %s }]
                """.formatted(uplink));
        nodeB = start(lan.b, lan.interfaceB, 100);
        awaitTrue("A master", () -> state(nodeA).equals("master") && state(nodeB).equals("backup"));

        VethPair.ip("-n", lan.a.name(), "link", "set", uplink, "down");
        awaitTrue("A in fault, B master", () -> state(nodeA).equals("fault") && state(nodeB).equals("master"));
        assertThat(nodeA.statuses().getFirst().faults()).containsExactly("interface " + uplink);
        assertThat(nodeA.health().healthy()).isFalse();
        awaitTrue("the address on B only", () -> holds(lan.b, lan.interfaceB) && !holds(lan.a, lan.interfaceA));

        VethPair.ip("-n", lan.a.name(), "link", "set", uplink, "up");
        awaitTrue("A back and master again", () -> state(nodeA).equals("master") && state(nodeB).equals("backup"));
    }

    @Test
    void overIpv6TheHigherPriorityHoldsTheAddressAndAStopHandsItOver() throws Exception {
        String vip6 = "2001:2::100";
        nodeA = startIpv6(lan.a, lan.interfaceA, 150, vip6);
        nodeB = startIpv6(lan.b, lan.interfaceB, 100, vip6);

        awaitTrue("A master, B backup", () -> state(nodeA).equals("master") && state(nodeB).equals("backup"));
        awaitTrue("the IPv6 address on A only", () -> holds6(lan.a, lan.interfaceA, vip6) && !holds6(lan.b, lan.interfaceB, vip6));
        assertThat(nodeA.statuses().getFirst().primaryAddress()).as("adverts leave from the link-local address")
                .startsWith("fe80:");

        nodeA.stop(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        nodeA = null;
        awaitTrue("B master", () -> state(nodeB).equals("master"));
        awaitTrue("the IPv6 address moved to B", () -> holds6(lan.b, lan.interfaceB, vip6) && !holds6(lan.a, lan.interfaceA, vip6));
    }

    private VrrpService startIpv6(NetworkNamespace namespace, String interfaceName, int priority, String vip)
            throws Exception {
        EdgeplaneConfig config = new ConfigLoader(Variables.of(Map.of())).parse("node.yaml", """
                vrrp:
                  instances:
                    - name: VI_6
                      interface: %s
                      virtual_router_id: 61
                      priority: %d
                      version: 3
                      advert_interval: 100ms
                      virtual_ips: [%s/64]
                      garp: { master_delay: 0s, repeat: 1 }
                """.formatted(interfaceName, priority, vip));
        return startWith(namespace, config);
    }

    private static boolean holds6(NetworkNamespace namespace, String interfaceName, String vip) {
        try {
            return VethPair.ip("-n", namespace.name(), "-o", "-6", "addr", "show", "dev", interfaceName)
                    .contains(" " + vip + "/64 ");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReloadThatChangesAnInstanceRestartsItAndItsSeriesFollow() throws Exception {
        nodeA = start(lan.a, lan.interfaceA, 150);
        awaitTrue("A master alone", () -> state(nodeA).equals("master"));
        assertThat(registry.get("edgeplane.vrrp.priority").tag("instance", "VI_1").gauge().value()).isEqualTo(150);

        EdgeplaneConfig lower = new ConfigLoader(Variables.of(Map.of())).parse("node.yaml", """
                vrrp:
                  instances:
                    - name: VI_1
                      interface: %s
                      virtual_router_id: 51
                      priority: 120
                      version: 3
                      advert_interval: 100ms
                      virtual_ips: [%s/24]
                      garp: { master_delay: 0s, repeat: 1 }
                """.formatted(lan.interfaceA, VIP));
        lan.a.call(() -> {
            nodeA.prepare(lower).commit();
            return null;
        });

        awaitTrue("restarted at 120, master again", () -> nodeA.statuses().getFirst().basePriority() == 120
                && state(nodeA).equals("master"));
        awaitTrue("the priority series is the new run's", () ->
                registry.find("edgeplane.vrrp.priority").tag("instance", "VI_1").gauge() != null
                        && registry.get("edgeplane.vrrp.priority").tag("instance", "VI_1").gauge().value() == 120);
        assertThat(registry.get("edgeplane.vrrp.state").tag("instance", "VI_1").gauge().value()).isEqualTo(2);
        assertThat(holds(lan.a, lan.interfaceA)).isTrue();
    }

    private Path script(String name, String body) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private static String read(Path path) {
        try {
            return Files.exists(path) ? Files.readString(path) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private VrrpService start(NetworkNamespace namespace, String interfaceName, int priority) throws Exception {
        return start(namespace, interfaceName, priority, "");
    }

    /** @param extra more keys of the instance, indented for it, and a {@code scripts} section if they need one */
    private VrrpService start(NetworkNamespace namespace, String interfaceName, int priority, String extra)
            throws Exception {
        EdgeplaneConfig config = new ConfigLoader(Variables.of(Map.of())).parse("node.yaml", """
                vrrp:
                  instances:
                    - name: VI_1
                      interface: %s
                      virtual_router_id: 51
                      priority: %d
                      version: 3
                      advert_interval: 100ms
                      virtual_ips: [%s/24]
                      garp: { master_delay: 0s, repeat: 1 }
                %s""".formatted(interfaceName, priority, VIP, extra));
        return startWith(namespace, config);
    }

    private VrrpService startWith(NetworkNamespace namespace, EdgeplaneConfig config) throws Exception {
        VrrpService service = new VrrpService(registry, Optional.of(lan.libc), System::nanoTime, blocking, NO_PROXY);
        // The service's thread, and the sockets it opens, are born in the namespace of the thread that first uses it.
        namespace.call(() -> {
            service.prepare(config).commit();
            return null;
        });
        return service;
    }

    private static String state(VrrpService service) {
        return service.statuses().isEmpty() ? "none" : service.statuses().getFirst().state();
    }

    private static boolean holds(NetworkNamespace namespace, String interfaceName) {
        try {
            return VethPair.ip("-n", namespace.name(), "-o", "-4", "addr", "show", "dev", interfaceName)
                    .contains(" " + VIP + "/24 ");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
