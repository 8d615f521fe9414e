package io.edgeplane.vrrp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.core.os.net.NetworkNamespace;
import io.edgeplane.core.os.net.VethPair;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two edgeplane VRRP services in two network namespaces joined by a veth pair (198.18.0.1 and .2), VRRPv3 with
 * 100 ms adverts and a virtual address 198.18.0.100: the higher priority becomes master and holds the address,
 * a stop hands it over within Skew_Time, and a restart preempts it back. Nothing outside the namespaces changes.
 */
class VrrpServiceNamespaceTest {

    private static final String VIP = "198.18.0.100";

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

    private VrrpService start(NetworkNamespace namespace, String interfaceName, int priority) throws Exception {
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
                """.formatted(interfaceName, priority, VIP));
        VrrpService service = new VrrpService(new SimpleMeterRegistry(), Optional.of(lan.libc), System::nanoTime);
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
