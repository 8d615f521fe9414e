package io.edgeplane.gateway.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.gateway.vrrp.FailoverFigures.Event;
import io.edgeplane.gateway.vrrp.VrrpNode.StopMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VRRP interop scenarios on two nodes and a client in network namespaces, for VRRPv2 (IPv4, advert
 * 1 s, password) and VRRPv3 (IPv6, advert 100 ms), for every selected {@link Pairing} (edgeplane against
 * keepalived both ways and against itself by default). They run the packaged distribution, so they are
 * integration tests, run after {@code package}. Node 1 has priority 150, node 2 priority 100, so
 * node 1 is the first MASTER.
 *
 * <p>Each failover is measured from the client ({@link GapProbe}: the longest gap between replies from the VIP,
 * pinged every 10 ms) and printed as one {@code VRRP interop | ...} line, also appended to
 * {@code gateway/target/vrrp-interop/figures.txt}. Split brain is watched on the nodes themselves ({@link VipWatch}).
 */
class VrrpInteropIT {

    static final int HIGH = 150;
    static final int LOW = 100;

    /** A VRRP version with the address family, interval and authentication it runs with here. */
    enum Flavor {
        V2(VrrpInstanceSpec::v2),
        V3(VrrpInstanceSpec::v3);

        private final IntFunction<VrrpInstanceSpec> spec;

        Flavor(IntFunction<VrrpInstanceSpec> spec) {
            this.spec = spec;
        }

        VrrpInstanceSpec spec(int priority) {
            return spec.apply(priority);
        }
    }

    static Stream<Arguments> everyVersion() {
        return Pairing.selected().stream().flatMap(p -> Stream.of(Flavor.values()).map(f -> Arguments.of(p, f)));
    }

    static Stream<Arguments> version2() {
        return Pairing.selected().stream().map(p -> Arguments.of(p, Flavor.V2));
    }

    private VrrpPair pair;

    @AfterEach
    void tearDown() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private VrrpPair elected(TestInfo info, Pairing pairing, VrrpInstanceSpec spec1, VrrpInstanceSpec spec2)
            throws Exception {
        return elected(pairing, VrrpPair.directory(info), spec1, spec2);
    }

    private VrrpPair elected(Pairing pairing, Path dir, VrrpInstanceSpec spec1, VrrpInstanceSpec spec2)
            throws Exception {
        pair = VrrpPair.create(pairing, dir, spec1, spec2);
        pair.startBoth();
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());
        return pair;
    }

    /** A probe that has had replies already, so that the gap it reports starts at one. */
    private static GapProbe steadyProbe(VrrpPair pair) throws Exception {
        GapProbe probe = GapProbe.start(pair.topology, pair.vip());
        assertThat(probe.awaitReplies(20, Duration.ofSeconds(3)))
                .as("the client should get replies from %s before the failure; %s", pair.vip(), pair.logs())
                .isTrue();
        return probe;
    }

    /** Closes the probe once replies flow again after the takeover. */
    private static GapProbe.Report replyingAgain(VrrpPair pair, GapProbe probe) throws Exception {
        assertThat(probe.awaitReplies(20, Duration.ofSeconds(3)))
                .as("the client should get replies from %s again after the takeover; %s", pair.vip(), pair.logs())
                .isTrue();
        return probe.finish();
    }

    // 1. Same VRID, different priorities: the higher one becomes MASTER, the VIP is on exactly one node.
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void theHigherPriorityBecomesMasterAndTheVipIsOnOneNodeOnly(Pairing pairing, Flavor flavor, TestInfo info)
            throws Exception {
        elected(info, pairing, flavor.spec(HIGH), flavor.spec(LOW));
        try (VipWatch watch = VipWatch.start(pair.topology, pair.vip())) {
            Thread.sleep(pair.n1.spec().advertInterval().multipliedBy(3));
            VipWatch.Report report = watch.finish();
            assertThat(report.changes()).as("holders while both run: %s%n%s", report, pair.logs())
                    .extracting(VipWatch.Change::holders).containsOnly(List.of(pair.n1.member()));
        }
    }

    // 2a. The MASTER stops: the backup takes over after its skew time (it hears priority 0).
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void theBackupTakesOverWhenTheMasterStops(Pairing pairing, Flavor flavor, TestInfo info) throws Exception {
        elected(info, pairing, flavor.spec(HIGH), flavor.spec(LOW));
        try (VipWatch watch = VipWatch.start(pair.topology, pair.vip());
             GapProbe probe = steadyProbe(pair)) {
            pair.n1.stop(StopMode.GRACEFUL);
            pair.awaitSoleHolder(pair.n2, pair.n2.spec().masterDownInterval().plus(Duration.ofSeconds(1)));
            GapProbe.Report gap = replyingAgain(pair, probe);
            VipWatch.Report holders = watch.finish();
            FailoverFigures.record(pairing, pair.n2.spec(), Event.MASTER_STOPS, gap,
                    Optional.of(pair.n2.spec().skew()));
            assertThat(holders.longestOverlap()).as("%s", holders).isLessThan(pair.n1.spec().advertInterval());
        }
    }

    // 2b. The MASTER's link is cut: the backup takes over after the master down interval; restored, the MASTER
    // (preempt) takes the VIP back.
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void theBackupTakesOverAfterTheMasterDownIntervalWhenTheMastersLinkIsCut(Pairing pairing, Flavor flavor,
            TestInfo info) throws Exception {
        elected(info, pairing, flavor.spec(HIGH), flavor.spec(LOW));
        Duration masterDown = pair.n2.spec().masterDownInterval();
        try (VipWatch watch = VipWatch.start(pair.topology, pair.vip())) {
            try (GapProbe probe = steadyProbe(pair)) {
                pair.topology.cutLink(pair.n1.member());
                pair.awaitSoleHolder(pair.n2, masterDown.plus(Duration.ofSeconds(1)));
                FailoverFigures.record(pairing, pair.n2.spec(), Event.LINK_CUT, replyingAgain(pair, probe),
                        Optional.of(masterDown));
            }
            try (GapProbe probe = steadyProbe(pair)) {
                pair.topology.restoreLink(pair.n1.member());
                pair.awaitSoleHolder(pair.n1, pair.n1.spec().masterDownInterval().plus(Duration.ofSeconds(2)));
                FailoverFigures.record(pairing, pair.n1.spec(), Event.LINK_RESTORED, replyingAgain(pair, probe),
                        Optional.empty());
            }
            VipWatch.Report holders = watch.finish();
            assertThat(holders.longestOverlap()).as("%s", holders).isLessThan(pair.n1.spec().advertInterval());
        }
    }

    // 3a. preempt (keepalived's default): a higher priority node that comes back takes the VIP back.
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void withPreemptTheHigherPriorityTakesTheVipBackWhenItReturns(Pairing pairing, Flavor flavor, TestInfo info)
            throws Exception {
        elected(info, pairing, flavor.spec(HIGH), flavor.spec(LOW));
        pair.n1.stop(StopMode.GRACEFUL);
        pair.awaitSoleHolder(pair.n2, pair.n2.spec().masterDownInterval().plus(Duration.ofSeconds(1)));
        try (GapProbe probe = steadyProbe(pair)) {
            pair.n1.start();
            pair.awaitSoleHolder(pair.n1, pair.n1.spec().masterDownInterval().plus(VrrpPair.STARTUP));
            FailoverFigures.record(pairing, pair.n1.spec(), Event.PREEMPT, replyingAgain(pair, probe),
                    Optional.empty());
        }
    }

    // 3b. nopreempt: the higher priority node comes back as BACKUP and leaves the VIP where it is, as
    // keepalived.conf(5) documents ("allows the lower priority machine to maintain the master role").
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void withNopreemptTheVipStaysWithTheRunningMaster(Pairing pairing, Flavor flavor, TestInfo info)
            throws Exception {
        // One after the other: with nopreempt on both, whoever is MASTER first stays so, and the test wants node 1.
        pair = VrrpPair.create(pairing, VrrpPair.directory(info), flavor.spec(HIGH).withPreempt(false),
                flavor.spec(LOW).withPreempt(false));
        pair.n1.start();
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());
        pair.n2.start();
        Thread.sleep(pair.n2.spec().masterDownInterval().toMillis());
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());
        pair.n1.stop(StopMode.GRACEFUL);
        pair.awaitSoleHolder(pair.n2, pair.n2.spec().masterDownInterval().plus(Duration.ofSeconds(1)));
        try (VipWatch watch = VipWatch.start(pair.topology, pair.vip())) {
            pair.n1.start();
            // Long enough for node 1 to have taken over had it preempted: its master down interval after start-up.
            Thread.sleep(pair.n1.spec().masterDownInterval().plus(Duration.ofSeconds(1)));
            VipWatch.Report report = watch.finish();
            assertThat(pair.n1.isRunning()).as("node 1 runs again%n%s", pair.logs()).isTrue();
            assertThat(report.changes()).as("holders after node 1 came back with nopreempt: %s%n%s", report,
                    pair.logs()).extracting(VipWatch.Change::holders).containsOnly(List.of(pair.n2.member()));
        }
    }

    // 4a. A wrong password: keepalived drops every advert whose auth_pass differs ("bad authentication"), so
    // each node hears nobody and both become MASTER, both holding the VIP. That is what keepalived does, and so
    // what this asserts: the password keeps apart routers set up apart, it cannot reconcile them.
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("version2")
    void aNodeWithAnotherPasswordDoesNotHearTheMasterAndBecomesMasterToo(Pairing pairing, Flavor flavor,
            TestInfo info) throws Exception {
        pair = VrrpPair.create(pairing, VrrpPair.directory(info), flavor.spec(HIGH),
                flavor.spec(LOW).withAuthPass("wrong-pw"));
        pair.startBoth();
        List<Topology.Member> holders = pair.topology.awaitHolders(pair.vip(), h -> h.size() == 2,
                pair.electionTimeout());
        assertThat(holders).as("both nodes MASTER, each deaf to the other's password%n%s", pair.logs())
                .containsExactlyInAnyOrder(pair.n1.member(), pair.n2.member());
        Thread.sleep(pair.n1.spec().advertInterval().multipliedBy(2));
        assertThat(pair.topology.holders(pair.vip())).as("still both, adverts flowing%n%s", pair.logs())
                .containsExactlyInAnyOrder(pair.n1.member(), pair.n2.member());
    }

    // 4b. An advert with TTL (hop limit) 1 is ignored even with a higher priority (RFC 3768 §7.1, RFC 5798
    // §7.1); the same advert with 255 makes the MASTER step down, which shows the forged advert is otherwise good.
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void anAdvertWithTtlOtherThan255IsIgnored(Pairing pairing, Flavor flavor, TestInfo info) throws Exception {
        elected(info, pairing, flavor.spec(HIGH), flavor.spec(LOW));
        VrrpInstanceSpec spec = pair.n1.spec();
        try (AdvertInjector injector = AdvertInjector.open(pair.topology, spec)) {
            try (VipWatch watch = VipWatch.start(pair.topology, pair.vip())) {
                injector.send(254, 1, 3, spec.advertInterval());
                Thread.sleep(spec.advertInterval().plus(Duration.ofMillis(100)));
                VipWatch.Report report = watch.finish();
                assertThat(report.changes()).as("priority 254 with TTL 1 must change nothing: %s%n%s", report,
                        pair.logs()).extracting(VipWatch.Change::holders).containsOnly(List.of(pair.n1.member()));
            }
            injector.send(254, 255, 1, Duration.ZERO);
            List<Topology.Member> holders = pair.topology.awaitHolders(pair.vip(),
                    h -> !h.contains(pair.n1.member()), spec.advertInterval().plus(Duration.ofSeconds(1)));
            assertThat(holders).as("control: priority 254 with TTL 255 makes the MASTER step down%n%s", pair.logs())
                    .doesNotContain(pair.n1.member());
        }
        pair.awaitSoleHolder(pair.n1, pair.electionTimeout());
    }

    // 5. A failing track script lowers the MASTER's priority below the backup's and the VIP moves; when it
    // succeeds again the VIP comes back (preempt).
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void aFailingTrackScriptLowersThePriorityAndMovesTheVip(Pairing pairing, Flavor flavor, TestInfo info)
            throws Exception {
        Path dir = VrrpPair.directory(info);
        Path flag = dir.resolve("chk_flag.ok");
        Files.writeString(flag, "ok\n");
        VrrpInstanceSpec.TrackScript script = new VrrpInstanceSpec.TrackScript("chk_flag", flag, -60,
                Duration.ofSeconds(1));
        elected(pairing, dir, flavor.spec(HIGH).withTrackScript(script), flavor.spec(LOW));
        Duration move = script.interval().plus(pair.n2.spec().masterDownInterval()).plus(Duration.ofSeconds(1));
        try (GapProbe probe = steadyProbe(pair)) {
            Files.delete(flag);
            pair.awaitSoleHolder(pair.n2, move);
            FailoverFigures.record(pairing, pair.n2.spec(), Event.TRACK_SCRIPT_FAILS, replyingAgain(pair, probe),
                    Optional.empty());
        }
        Files.writeString(flag, "ok\n");
        pair.awaitSoleHolder(pair.n1, script.interval().plus(pair.n1.spec().masterDownInterval())
                .plus(Duration.ofSeconds(1)));
    }
}
