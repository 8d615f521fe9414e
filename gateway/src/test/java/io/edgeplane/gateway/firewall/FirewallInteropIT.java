package io.edgeplane.gateway.firewall;

import static io.edgeplane.gateway.firewall.RouterConfig.ADMIN_PORT;
import static io.edgeplane.gateway.firewall.RouterConfig.BURST;
import static io.edgeplane.gateway.firewall.RouterConfig.CHECK_INTERVAL;
import static io.edgeplane.gateway.firewall.RouterConfig.FORWARDED_PORT;
import static io.edgeplane.gateway.firewall.RouterConfig.LIMITED_PORT;
import static io.edgeplane.gateway.firewall.RouterConfig.PUBLIC_PORT;
import static io.edgeplane.gateway.firewall.RouterConfig.UNFORWARDED_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplane.gateway.firewall.EdgeplaneRouter.AdminAnswer;
import io.edgeplane.gateway.firewall.FirewallLan.Host;
import io.edgeplane.gateway.firewall.FirewallLan.HttpProbe;
import io.edgeplane.core.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The firewall proven with real traffic: edgeplane runs in a router namespace between an IT LAN, an OT LAN, an outside
 * LAN and a cluster LAN ({@link FirewallLan}), with the firewall on ({@link RouterConfig}), and curl, dig, busybox nc,
 * ping and keepalived in the hosts' namespaces show what each rule lets through and what it stops. Rules are only ever
 * applied inside the router's namespace (edgeplane's nft runs there, and so does every nft the test runs); the
 * machine's own ruleset is never read or touched.
 *
 * <p>One LAN and one edgeplane serve the whole class (an edgeplane start takes seconds). Each test first puts the config
 * it needs in force ({@link EdgeplaneRouter#use}: a reload, or nothing when it already is), so the tests do not depend
 * on their order; the order only keeps the test that stops edgeplane last. Probes that should fail wait
 * {@link FirewallLan#PROBE_TIMEOUT} at most; every other wait is bounded too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewallInteropIT {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    /** VRRPv3, advert 1 s, priority 100: three intervals plus the skew time, (256 - 100) / 256 of an interval. */
    private static final Duration MASTER_DOWN_INTERVAL = Duration.ofMillis(3610);

    private FirewallLan lan;
    private EdgeplaneRouter router;
    private KeepalivedPeer peer;

    @BeforeAll
    void buildTheLanAndStartTheRouter() throws Exception {
        EdgeplaneRouter.requireDistribution();
        Path dir = Files.createDirectories(Path.of("target", "firewall-interop", "run-" + System.currentTimeMillis())
                .toAbsolutePath());
        lan = FirewallLan.create(dir);
        router = new EdgeplaneRouter(lan);
        router.start(RouterConfig.base());
    }

    @AfterEach
    void stopWhatTheTestStarted() throws Exception {
        try {
            if (peer != null) {
                peer.close();
                peer = null;
            }
        } finally {
            if (lan != null) {
                lan.stopListeners();
            }
        }
    }

    @AfterAll
    void stopTheRouterAndDeleteTheLan() throws Exception {
        try {
            if (router != null) {
                router.close();
            }
        } finally {
            if (lan != null) {
                lan.close();
            }
        }
    }

    @Test
    @Order(1)
    void theKernelHoldsTheConfigsRulesetAndDiffFindsNothing() throws Exception {
        router.use(RouterConfig.base());

        String digest = router.digestOfConfig();
        assertThat(router.digestInKernel()).as("the router's table inet edgeplane\n%s", router.logTail(20))
                .contains(digest);
        CommandRun diff = router.firewall("diff");
        assertThat(diff.exitCode()).as("edgeplane firewall diff after the start: %s", diff).isZero();
        assertThat(diff.stdout()).as("edgeplane firewall diff after the start").isEmpty();
        assertThat(router.admin("GET", "/healthz").status()).isEqualTo(200);
        JsonNode firewall = router.admin("GET", "/stats.json").json().path("services").path("firewall");
        assertThat(firewall.path("healthy").asBoolean()).as("stats.json services.firewall: %s", firewall).isTrue();
        assertThat(firewall.path("detail").asText()).contains("ruleset " + digest);
        assertThat(router.metric("edgeplane_firewall_in_sync")).hasValue(1.0);
        assertThat(router.metric("edgeplane_firewall_rules").orElse(0)).isPositive();
    }

    @Test
    @Order(2)
    void forwardingFromOtToItIsDroppedWhileTheAllowedItToOtFlowPasses() throws Exception {
        router.use(RouterConfig.base());
        lan.listen(Host.OT, FORWARDED_PORT, "ot-" + FORWARDED_PORT);
        lan.listen(Host.OT, UNFORWARDED_PORT, "ot-" + UNFORWARDED_PORT);
        lan.listen(Host.IT, FORWARDED_PORT, "it-" + FORWARDED_PORT);
        CommandRun otPingsTheRouter = lan.ping(Host.OT, Host.OT.routerAddress());
        assertThat(otPingsTheRouter.succeeded()).as("the OT host is up and the router answers pings: %s",
                otPingsTheRouter).isTrue();
        long deniedBefore = router.deniedInKernel("forward");

        CommandRun allowed = lan.nc(Host.IT, Host.OT.address(), FORWARDED_PORT);
        assertThat(allowed.stdout()).as("IT -> OT port %d, the allowed flow, and its reply back: %s", FORWARDED_PORT,
                allowed).contains("ot-" + FORWARDED_PORT);

        CommandRun otToIt = lan.nc(Host.OT, Host.IT.address(), FORWARDED_PORT);
        assertThat(otToIt.stdout()).as("OT -> IT port %d: %s", FORWARDED_PORT, otToIt)
                .doesNotContain("it-" + FORWARDED_PORT);
        assertThat(otToIt.succeeded()).as("OT -> IT: %s", otToIt).isFalse();
        CommandRun otPingsIt = lan.ping(Host.OT, Host.IT.address());
        assertThat(otPingsIt.succeeded()).as("OT pings IT: %s", otPingsIt).isFalse();
        CommandRun otherPort = lan.nc(Host.IT, Host.OT.address(), UNFORWARDED_PORT);
        assertThat(otherPort.stdout()).as("IT -> OT port %d, which no rule allows: %s", UNFORWARDED_PORT, otherPort)
                .doesNotContain("ot-" + UNFORWARDED_PORT);
        assertThat(otherPort.succeeded()).as("IT -> OT port %d: %s", UNFORWARDED_PORT, otherPort).isFalse();

        // The SYNs (and their retransmissions) of both connections and the ping went to the forward chain's deny chain.
        assertThat(router.deniedInKernel("forward") - deniedBefore).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(3)
    void theAdminPortIsReachableOnlyFromItsAllowedNetworkAndTheDropsAreCounted() throws Exception {
        router.use(RouterConfig.base());
        String fromCluster = "http://" + Host.CLUSTER.routerAddress() + ":" + ADMIN_PORT + "/healthz";
        String fromOutside = "http://" + Host.OUTSIDE.routerAddress() + ":" + ADMIN_PORT + "/healthz";

        HttpProbe cluster = lan.curl(Host.CLUSTER, fromCluster);
        assertThat(cluster.status()).as("the cluster host, inside admin.allow: %s", cluster).isEqualTo(200);
        assertThat(cluster.body()).isEqualTo("ok\n");

        double before = freshDeniedMetric("input");
        HttpProbe outside = lan.curl(Host.OUTSIDE, fromOutside);
        // Not the admin listener's own 403: the SYN never reached it.
        assertThat(outside.timedOut()).as("the outside client, outside admin.allow, under input policy drop: %s",
                outside).isTrue();
        double after = await(() -> deniedMetric("input"), denied -> denied > before, SETTLE_TIMEOUT);
        assertThat(after).as("edgeplane_firewall_denied_packets_total{chain=\"input\"} after the dropped SYNs, within "
                + "check_interval").isGreaterThan(before);
    }

    @Test
    @Order(4)
    void theProxyPortIsReachableFromEveryLan() throws Exception {
        router.use(RouterConfig.base());
        for (Host host : List.of(Host.OUTSIDE, Host.OT, Host.IT)) {
            HttpProbe probe = lan.curl(host, "http://" + host.routerAddress() + ":" + PUBLIC_PORT + "/");
            assertThat(probe.status()).as("%s -> the public proxy listener: %s", host, probe).isEqualTo(200);
            assertThat(probe.body()).isEqualTo("public\n");
        }
    }

    @Test
    @Order(5)
    void dnsIsAnsweredOnTheAllowedNetworkAndDroppedElsewhere() throws Exception {
        router.use(RouterConfig.base());

        CommandRun it = lan.dig(Host.IT, Host.IT.routerAddress(), RouterConfig.DNS_NAME);
        assertThat(it.succeeded()).as("dig from the IT host, inside dns.allow: %s", it).isTrue();
        assertThat(it.stdout()).contains("status: NOERROR").containsPattern(
                RouterConfig.DNS_NAME.replace(".", "\\.") + "\\.\\s+\\d+\\s+IN\\s+A\\s+"
                        + RouterConfig.DNS_ANSWER.replace(".", "\\."));

        CommandRun ot = lan.dig(Host.OT, Host.OT.routerAddress(), RouterConfig.DNS_NAME);
        // dig exits 9 when no server answered: the firewall dropped the query, the DNS server never saw it (it would
        // have answered REFUSED).
        assertThat(ot.exitCode()).as("dig from the OT host, outside dns.allow: %s", ot).isEqualTo(9);
        assertThat(ot.stdout()).doesNotContain("REFUSED");
    }

    @Test
    @Order(6)
    void theRateLimitedPortRefusesTheExcessOfOneSourceAndServesAnother() throws Exception {
        // Base first, then reject: a changed ruleset is a new table, so every source's bucket starts full.
        router.use(RouterConfig.base());
        long mark = router.logMark();
        router.use(RouterConfig.base().withInputPolicy("reject"));
        String limited = "http://" + Host.OUTSIDE.routerAddress() + ":" + LIMITED_PORT + "/";

        for (int i = 1; i <= BURST; i++) {
            HttpProbe probe = lan.curl(Host.OUTSIDE, limited);
            assertThat(probe.status()).as("connection %d of %d in the burst: %s", i, BURST, probe).isEqualTo(200);
            assertThat(probe.body()).isEqualTo("limited\n");
        }
        for (int i = 1; i <= 2; i++) {
            HttpProbe excess = lan.curl(Host.OUTSIDE, limited);
            // Under policy reject the excess gets a TCP reset at once: "Connection refused", not a timeout.
            assertThat(excess.refused()).as("connection %d past the burst: %s", i, excess).isTrue();
            assertThat(excess.run().took()).isLessThan(FirewallLan.PROBE_TIMEOUT);
        }

        HttpProbe otherSource = lan.curl(Host.OUTSIDE, Optional.of(FirewallLan.OUTSIDE_SECOND_ADDRESS), limited);
        assertThat(otherSource.status()).as("another source address of the same host has a bucket of its own: %s",
                otherSource).isEqualTo(200);
        HttpProbe unlimited = lan.curl(Host.OUTSIDE, "http://" + Host.OUTSIDE.routerAddress() + ":" + PUBLIC_PORT + "/");
        assertThat(unlimited.status()).as("the same source on the port without a rate: %s", unlimited).isEqualTo(200);
        assertNoDriftReportedSince(mark);
    }

    @Test
    @Order(7)
    void aRulesetNftRefusesFailsTheReloadAndLeavesThePreviousOneInForce() throws Exception {
        router.use(RouterConfig.base());
        String digest = router.digestInKernel().orElseThrow();
        int port = 9999;
        lan.listen(lan.routerNetns(), port, "router-" + port);
        Path nft = corruptingNft();
        String rule = "{ port: " + port + "/tcp, comment: corrupt-me }";

        AdminAnswer rejected = router.reload(RouterConfig.base().withFirstInputAllow(rule).withNft(nft));

        assertThat(rejected.status()).as("the reload's answer: %s", rejected).isEqualTo(422);
        JsonNode answer = rejected.json();
        assertThat(answer.path("status").asText()).isEqualTo("rejected");
        assertThat(answer.path("errors").get(0).asText()).as("the reload's error names the config key")
                .startsWith("firewall.input.allow[0]: nft refused 'tcp dport " + port + " accept comment \"corrupt-me\"'")
                .endsWith("(ruleset " + digest + " stays in force)");
        assertThat(router.digestInKernel()).as("the kernel's table after the refused reload").contains(digest);
        assertThat(lan.nft("list", "chain", "inet", "edgeplane", "input").orThrow().stdout())
                .doesNotContain("dport " + port);
        CommandRun stillClosed = lan.nc(Host.OUTSIDE, Host.OUTSIDE.routerAddress(), port);
        assertThat(stillClosed.stdout()).as("the port the refused rule would have opened: %s", stillClosed)
                .doesNotContain("router-" + port);
        assertThat(stillClosed.succeeded()).as("%s", stillClosed).isFalse();
        HttpProbe proxy = lan.curl(Host.OUTSIDE, "http://" + Host.OUTSIDE.routerAddress() + ":" + PUBLIC_PORT + "/");
        assertThat(proxy.status()).as("the previous rules still let the proxy in: %s", proxy).isEqualTo(200);
        assertThat(router.admin("GET", "/healthz").status()).isEqualTo(200);

        // The same rule uncorrupted goes through the same nft wrapper and opens the port: the refusal was nft's.
        router.use(RouterConfig.base().withFirstInputAllow("{ port: " + port + "/tcp, comment: open-me }").withNft(nft));
        CommandRun open = lan.nc(Host.OUTSIDE, Host.OUTSIDE.routerAddress(), port);
        assertThat(open.stdout()).as("the port once the rule is in force: %s", open).contains("router-" + port);
    }

    @Test
    @Order(8)
    void aTableDeletedBehindItsBackMakesTheFirewallUnhealthyUntilAReloadPutsItBack() throws Exception {
        router.use(RouterConfig.base());
        String digest = router.digestInKernel().orElseThrow();
        lan.listen(Host.IT, FORWARDED_PORT, "it-" + FORWARDED_PORT);

        lan.nft("delete", "table", "inet", "edgeplane").orThrow();

        AdminAnswer health = await(() -> router.admin("GET", "/healthz"), h -> h.status() == 503,
                CHECK_INTERVAL.multipliedBy(5));
        assertThat(health.status()).as("/healthz within check_interval (%s) of the deletion", CHECK_INTERVAL)
                .isEqualTo(503);
        assertThat(health.body()).contains("firewall: ").contains("missing");
        assertThat(router.metric("edgeplane_firewall_in_sync")).hasValue(0.0);
        JsonNode firewall = router.admin("GET", "/stats.json").json().path("services").path("firewall");
        assertThat(firewall.path("healthy").asBoolean()).as("stats.json services.firewall: %s", firewall).isFalse();
        CommandRun hole = lan.nc(Host.OT, Host.IT.address(), FORWARDED_PORT);
        assertThat(hole.stdout()).as("OT -> IT with no table: %s", hole).contains("it-" + FORWARDED_PORT);

        AdminAnswer reload = router.admin("POST", "/api/reload");

        assertThat(reload.status()).as("the reload: %s", reload).isEqualTo(200);
        assertThat(router.digestInKernel()).contains(digest);
        assertThat(router.metric("edgeplane_firewall_in_sync")).hasValue(1.0);
        assertThat(router.admin("GET", "/healthz").status()).isEqualTo(200);
        CommandRun closed = lan.nc(Host.OT, Host.IT.address(), FORWARDED_PORT);
        assertThat(closed.stdout()).as("OT -> IT once the table is back: %s", closed)
                .doesNotContain("it-" + FORWARDED_PORT);
    }

    @Test
    @Order(9)
    void vrrpFromThePeerIsLetInWhileTheFirewallAllowsIt() throws Exception {
        Interop.requireProgram("keepalived", "keepalived");
        peer = KeepalivedPeer.startMaster(lan);
        long mark = router.logMark();

        // auto_allow opens the instance's adverts: keepalived's higher priority is heard, edgeplane stays BACKUP.
        router.use(RouterConfig.base().withVrrp(true));
        assertThat(lan.nft("list", "chain", "inet", "edgeplane", "input").orThrow().stdout())
                .contains("iifname \"" + Host.CLUSTER.routerInterface() + "\" ip daddr 224.0.0.18 meta l4proto vrrp accept");
        List<String> states = new ArrayList<>();
        long deadline = System.nanoTime() + MASTER_DOWN_INTERVAL.plusSeconds(1).toNanos();
        while (System.nanoTime() - deadline < 0) {
            states.add(router.vrrpState());
            Thread.sleep(250);
        }
        assertThat(states).as("edgeplane's state for longer than the master down interval, with the peer MASTER\n%s",
                peer.logTail(10)).containsOnly("backup");
        assertThat(router.vrrpAdvertsReceived()).as("adverts edgeplane heard from keepalived").isPositive();

        // Input policy drop, no VRRP rule, no auto_allow: the adverts are dropped, edgeplane hears no MASTER.
        router.use(RouterConfig.base().withVrrp(true).withAutoAllow(false));
        assertThat(await(router::vrrpState, "master"::equals, MASTER_DOWN_INTERVAL.plusSeconds(5)))
                .as("edgeplane once the firewall drops the peer's adverts\n%s", router.logTail(10)).isEqualTo("master");

        router.use(RouterConfig.base().withVrrp(true));
        assertThat(await(router::vrrpState, "backup"::equals, Duration.ofSeconds(5)))
                .as("edgeplane once the adverts are let in again (the peer's priority is higher)\n%s",
                        router.logTail(10)).isEqualTo("backup");
        assertNoDriftReportedSince(mark);
    }

    @Test
    @Order(10)
    void theTableStaysInForceAfterSigterm() throws Exception {
        router.use(RouterConfig.base());
        String digest = router.digestInKernel().orElseThrow();
        lan.listen(Host.OT, FORWARDED_PORT, "ot-" + FORWARDED_PORT);
        lan.listen(Host.IT, FORWARDED_PORT, "it-" + FORWARDED_PORT);

        OptionalInt exit = router.stop();

        assertThat(exit).as("edgeplane's exit on SIGTERM\n%s", router.logTail(20)).hasValue(0);
        assertThat(router.logSinceStart()).contains("ruleset " + digest + " stays in force (on_stop: keep)");
        assertThat(router.digestInKernel()).as("the router's table after edgeplane stopped").contains(digest);
        CommandRun allowed = lan.nc(Host.IT, Host.OT.address(), FORWARDED_PORT);
        assertThat(allowed.stdout()).as("IT -> OT with edgeplane stopped: %s", allowed)
                .contains("ot-" + FORWARDED_PORT);
        CommandRun dropped = lan.nc(Host.OT, Host.IT.address(), FORWARDED_PORT);
        assertThat(dropped.stdout()).as("OT -> IT with edgeplane stopped: %s", dropped)
                .doesNotContain("it-" + FORWARDED_PORT);
        // The table goes with the router's namespace, in stopTheRouterAndDeleteTheLan.
    }

    /**
     * The reloads since {@code mark} changed the ruleset, and the watch that reads the table every second did not take
     * the change for drift (a reading taken while a reload applies sees neither the old ruleset nor yet the new).
     */
    private void assertNoDriftReportedSince(long mark) throws Exception {
        assertThat(router.logSince(mark)).as("edgeplane's log across the reloads").doesNotContain("no longer holds");
        assertThat(router.metric("edgeplane_firewall_in_sync")).hasValue(1.0);
    }

    /**
     * The denied-packets metric once the monitor has read the kernel's current table: after a reload that changed the
     * ruleset it shows the old table's count until the next reading.
     */
    private double freshDeniedMetric(String chain) throws Exception {
        double[] both = await(() -> new double[] {deniedMetric(chain), router.deniedInKernel(chain)},
                values -> values[0] == values[1], SETTLE_TIMEOUT);
        assertThat(both[0]).as("edgeplane_firewall_denied_packets_total{chain=\"%s\"} before the probe, against the "
                + "kernel's count", chain).isEqualTo(both[1]);
        return both[0];
    }

    private double deniedMetric(String chain) throws Exception {
        OptionalDouble value = router.metric("edgeplane_firewall_denied_packets_total{chain=\"" + chain + "\"}");
        return value.orElse(-1);
    }

    /**
     * nft, except that a script on standard input ({@code -f -}, how edgeplane applies) has the rule commented
     * {@code corrupt-me} broken on its way ({@code accept} becomes {@code acept}): nft refuses it as it would refuse a
     * rule it does not know. Everything else (listing, reading back) is the real nft.
     */
    private Path corruptingNft() throws Exception {
        Path script = lan.dir().resolve("nft-corrupting");
        Files.writeString(script, """
                #!/bin/sh
                # Written by FirewallInteropIT: nft, with the rule commented corrupt-me broken on its way in.
                if [ "$1" = "-f" ] && [ "$2" = "-" ]; then
                  sed '/corrupt-me/s/ accept/ acept/' | %1$s "$@"
                  exit $?
                fi
                exec %1$s "$@"
                """.formatted(Interop.requireProgram("nft", "nftables")), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Reads {@code read} until {@code done} holds of its value or {@code timeout} passes; the last value either way. */
    private static <T> T await(Callable<T> read, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = read.call();
            if (done.test(value) || System.nanoTime() - deadline > 0) {
                return value;
            }
            Thread.sleep(100);
        }
    }
}
