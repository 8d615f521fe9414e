package io.edgeplane.firewall.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftScript;
import io.edgeplane.firewall.testing.InMemoryNft;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The firewall service through a reload's steps (prepare, then commit or abort), its stop, and its watch over the
 * kernel's table, against an nft that keeps the table in memory ({@link InMemoryNft}).
 */
class FirewallServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** SSH from the admin zone, SMTP out denied: deny chains for input and output; the admin listener unopened. */
    private static final String SSH = """
            admin: { listen: 198.18.0.1:8404 }
            firewall:
              zones: { admin: { cidrs: [198.18.5.0/24] } }
              input:
                allow:
                  - { port: 22/tcp, from: admin, comment: "SSH access" }
              output:
                policy: accept
                deny: [{ port: 25/tcp }]
              log_drops: 3/minute
              check_interval: 1h
            """;

    /** {@link #SSH} with a second allow rule. */
    private static final String SSH_AND_2222 = SSH.replace("""
                  - { port: 22/tcp, from: admin, comment: "SSH access" }
            """, """
                  - { port: 22/tcp, from: admin, comment: "SSH access" }
                  - { port: 2222/tcp }
            """);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryNft nft = new InMemoryNft();
    private final FirewallService service = new FirewallService(registry, blocking, clock, nft.access());

    @AfterEach
    void stop() throws Exception {
        service.stop(Duration.ZERO).get(10, TimeUnit.SECONDS);
        blocking.shutdownNow();
        assertThat(blocking.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void prepareAppliesTheRulesetAndCommitPutsItInForce() throws Exception {
        NftListing listing = listing(SSH);

        Service.Transition transition = service.prepare(config(SSH));

        // Applied in the prepare step: a refusal must fail the reload before any service commits.
        assertThat(nft.table()).contains(listing.text());
        assertThat(nft.scripts()).containsExactly(NftScript.replace(listing));
        assertThat(service.status()).as("not in force before the commit").isEmpty();
        assertThat(service.health()).isEqualTo(Health.down("no ruleset applied yet"));
        assertThat(service.endpoints()).isEmpty();

        transition.commit();

        int rules = ruleCount(SSH);
        assertThat(rules).isEqualTo(22);
        FirewallStatus status = service.status().orElseThrow();
        assertThat(status.digest()).isEqualTo(listing.digest());
        assertThat(status.rules()).isEqualTo(rules);
        assertThat(status.appliedAt()).isEqualTo(NOW);
        assertThat(status.checkedAt()).as("applied and read back: that was a check").contains(NOW);
        assertThat(status.drift()).isEmpty();
        assertThat(status.inSync()).isTrue();
        assertThat(status.denied()).isEmpty();
        assertThat(status.warnings()).containsExactly("admin listener 198.18.0.1:8404 is unreachable: no "
                + "firewall.input.allow rule opens tcp/8404 (auto_allow: true opens it to the networks it serves)");
        assertThat(status.onStop()).isEqualTo("keep");
        assertThat(service.health()).isEqualTo(Health.up("table inet edgeplane: ruleset " + listing.digest() + ", "
                + rules + " rules"));
        assertThat(service.endpoints()).containsExactly("nft table inet edgeplane (ruleset " + listing.digest() + ", "
                + rules + " rules)");
        assertThat(gauge("edgeplane.firewall.rules")).isEqualTo(rules);
        assertThat(gauge("edgeplane.firewall.in.sync")).isEqualTo(1);
        assertThat(applies("applied")).isEqualTo(1);
        assertThat(nft.programs()).containsExactly("nft");
    }

    @Test
    void theSameConfigAgainIsUnchangedAndCountedSo() throws Exception {
        service.prepare(config(SSH)).commit();

        service.prepare(config(SSH)).commit();

        assertThat(nft.scripts()).as("nothing loaded the second time").hasSize(1);
        assertThat(applies("applied")).isEqualTo(1);
        assertThat(applies("unchanged")).isEqualTo(1);
        assertThat(service.status().orElseThrow().digest()).isEqualTo(listing(SSH).digest());
        assertThat(service.health().healthy()).isTrue();
    }

    @Test
    void aTableAlreadyInForceAtStartIsLeftAlone() throws Exception {
        nft.holding(listing(SSH).text()); // left by an edgeplane that stopped with on_stop: keep

        service.prepare(config(SSH)).commit();

        assertThat(nft.scripts()).isEmpty();
        assertThat(applies("unchanged")).isEqualTo(1);
        assertThat(registry.find("edgeplane.firewall.applies").tag("outcome", "applied").counter()).isNull();
        assertThat(service.status().orElseThrow().digest()).isEqualTo(listing(SSH).digest());
    }

    @Test
    void aRulesetNftRefusesFailsThePrepareWithTheConfigKeyAndChangesNothing() throws Exception {
        service.prepare(config(SSH)).commit();
        FirewallStatus before = service.status().orElseThrow();
        nft.refuseNextAt("2222", "Could not process rule: Operation not supported");

        assertThatThrownBy(() -> service.prepare(config(SSH_AND_2222)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("firewall.input.allow[1]: nft refused 'tcp dport 2222 accept' at '2222': Could not "
                        + "process rule: Operation not supported (ruleset " + before.digest() + " stays in force)");

        assertThat(nft.table()).contains(listing(SSH).text());
        assertThat(service.status()).contains(before);
        assertThat(service.health().healthy()).isTrue();
        assertThat(applies("failed")).isEqualTo(1);
        assertThat(applies("applied")).isEqualTo(1);
        assertThat(gauge("edgeplane.firewall.rules")).isEqualTo(ruleCount(SSH));
    }

    @Test
    void aRefusalAtStartLeavesNoRulesetInForce() {
        nft.refuseNextAt("2222", "Could not process rule: Operation not supported");

        assertThatThrownBy(() -> service.prepare(config(SSH_AND_2222)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("firewall.input.allow[1]: nft refused 'tcp dport 2222 accept' at '2222': Could not "
                        + "process rule: Operation not supported");

        assertThat(nft.table()).isEmpty();
        assertThat(service.status()).isEmpty();
        assertThat(service.health().healthy()).isFalse();
        assertThat(applies("failed")).isEqualTo(1);
    }

    @Test
    void anNftThatCannotRunFailsThePrepare() {
        nft.failNextRun(new NftException("could not start 'nft -j list table inet edgeplane': No such file or "
                + "directory"));

        assertThatThrownBy(() -> service.prepare(config(SSH)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("firewall: could not read the kernel's table, so nothing was changed: could not start "
                        + "'nft -j list table inet edgeplane': No such file or directory");
        assertThat(nft.scripts()).isEmpty();
        assertThat(service.status()).isEmpty();
    }

    @Test
    void anNftProgramThatIsNotThereFailsThePrepareNamingTheKey() throws Exception {
        FirewallService without = new FirewallService(new SimpleMeterRegistry(), blocking, clock, (program, timeout) -> {
            throw new NftException("no program '" + program + "' on the PATH (expected: the nftables package)");
        });

        assertThatThrownBy(() -> without.prepare(config(SSH)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("firewall.nft: no program 'nft' on the PATH (expected: the nftables package)");
        without.stop(Duration.ZERO).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aConfigWithoutAFirewallSectionIsRefused() {
        assertThatThrownBy(() -> service.prepare(config("admin: { listen: 127.0.0.1:8404 }\n")))
                .isInstanceOf(ServiceException.class)
                .hasMessage("firewall: the config has no firewall section");
        assertThat(nft.calls()).isEmpty();
    }

    @Test
    void anAbortAfterAnAppliedPreparePutsThePreviousTableBack() throws Exception {
        service.prepare(config(SSH)).commit();
        FirewallStatus before = service.status().orElseThrow();
        Service.Transition transition = service.prepare(config(SSH_AND_2222));
        assertThat(nft.table()).as("applied in the prepare step").contains(listing(SSH_AND_2222).text());

        transition.abort(); // another service could not prepare

        assertThat(nft.table()).contains(listing(SSH).text());
        assertThat(nft.scripts()).containsExactly(NftScript.replace(listing(SSH)),
                NftScript.replace(listing(SSH_AND_2222)), NftScript.replace(listing(SSH).text()));
        assertThat(service.status()).contains(before);
        assertThat(service.health().healthy()).isTrue();
        assertThat(gauge("edgeplane.firewall.rules")).isEqualTo(ruleCount(SSH));
        assertThat(applies("applied")).as("an aborted apply is not counted").isEqualTo(1);
    }

    @Test
    void anAbortedFirstStartRemovesTheTableItApplied() throws Exception {
        Service.Transition transition = service.prepare(config(SSH));

        transition.abort();

        assertThat(nft.table()).isEmpty();
        assertThat(nft.scripts().getLast()).isEqualTo(NftScript.remove());
        assertThat(service.status()).isEmpty();
    }

    @Test
    void anAbortAfterAnUnchangedPrepareRunsNothing() throws Exception {
        service.prepare(config(SSH)).commit();
        int runs = nft.calls().size();

        service.prepare(config(SSH)).abort();

        assertThat(nft.scripts()).hasSize(1);
        assertThat(nft.calls().size()).as("only the read of the kernel's table").isEqualTo(runs + 2);
        assertThat(nft.table()).contains(listing(SSH).text());
    }

    @Test
    void stopWithOnStopKeepLeavesTheTableInForce() throws Exception {
        service.prepare(config(SSH)).commit();

        service.stop(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertThat(nft.table()).contains(listing(SSH).text());
        assertThat(nft.scripts()).hasSize(1);
    }

    @Test
    void aReloadThatTakesTheSectionOutRemovesTheTableWhateverOnStopSays() throws Exception {
        service.prepare(config(SSH)).commit();

        service.retire(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertThat(nft.table()).isEmpty();
        assertThat(nft.scripts().getLast()).isEqualTo(NftScript.remove());
    }

    @Test
    void stopWithOnStopRemoveDeletesTheTable() throws Exception {
        String remove = SSH.replace("check_interval: 1h", "check_interval: 1h\n  on_stop: remove");
        service.prepare(config(remove)).commit();
        assertThat(service.status().orElseThrow().onStop()).isEqualTo("remove");

        service.stop(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertThat(nft.table()).isEmpty();
        assertThat(nft.scripts().getLast()).isEqualTo(NftScript.remove());
    }

    @Test
    void theMetricsAreRemovedOnStop() throws Exception {
        service.prepare(config(SSH)).commit();
        nft.count("input_deny", 3);
        service.watch().checkOnce();
        assertThat(registry.find("edgeplane.firewall.denied.packets").meters()).hasSize(2);

        service.stop(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertThat(registry.getMeters()).as("no edgeplane.firewall.* meter").noneMatch(meter ->
                meter.getId().getName().startsWith("edgeplane.firewall."));
    }

    @Test
    void aReadingThatEndsAfterTheStopRegistersNoMeter() throws Exception {
        service.prepare(config(SSH)).commit();
        nft.count("input_deny", 3);
        nft.beforeNextRun(() -> service.stop(Duration.ZERO).join());

        service.watch().checkOnce();

        assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("edgeplane.firewall."));
    }

    @Test
    void theMetricsAreRemovedOnStopWithOnStopRemoveToo() throws Exception {
        service.prepare(config(SSH.replace("check_interval: 1h", "check_interval: 1h\n  on_stop: remove")))
                .commit();

        service.stop(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("edgeplane.firewall."));
    }

    @Test
    void aTableDeletedBehindEdgeplanesBackIsDriftUntilTheNextApply() throws Exception {
        service.prepare(config(SSH)).commit();
        String digest = listing(SSH).digest();
        nft.count("input_deny", 5);
        service.watch().checkOnce();
        assertThat(denied("input")).isEqualTo(5);

        nft.deleteTable(); // nft flush ruleset, or the distribution's nftables service starting
        service.watch().checkOnce();

        assertThat(service.health()).isEqualTo(Health.down("the kernel's table differs from ruleset " + digest
                + ": table inet edgeplane is missing from the kernel; a reload puts it back"));
        assertThat(gauge("edgeplane.firewall.in.sync")).isZero();
        FirewallStatus status = service.status().orElseThrow();
        assertThat(status.inSync()).isFalse();
        assertThat(status.drift()).containsExactly("table inet edgeplane is missing from the kernel");
        assertThat(status.checkedAt()).contains(NOW);
        assertThat(status.digest()).as("what edgeplane applied, still").isEqualTo(digest);

        service.prepare(config(SSH)).commit(); // a reload

        assertThat(nft.table()).contains(listing(SSH).text());
        assertThat(applies("applied")).isEqualTo(2);
        assertThat(service.health().healthy()).isTrue();
        assertThat(gauge("edgeplane.firewall.in.sync")).isEqualTo(1);
        assertThat(service.status().orElseThrow().drift()).isEmpty();
        assertThat(service.status().orElseThrow().denied()).isEmpty();
        assertThat(denied("input")).as("the same ruleset, in a new table that counts from 0").isZero();
    }

    @Test
    void aTableEditedByHandIsDriftAndAFollowingCheckThatFindsItBackClearsIt() throws Exception {
        service.prepare(config(SSH)).commit();
        String edited = listing(SSH).text().replace("\t\tgoto input_deny\n", "\t\ttcp dport 80 accept\n"
                + "\t\tgoto input_deny\n");
        nft.holding(edited);

        service.watch().checkOnce();

        assertThat(service.status().orElseThrow().drift()).containsExactly(
                "chain input has 12 rules in the kernel, expected 11");
        assertThat(service.health().healthy()).isFalse();

        nft.holding(listing(SSH).text()); // someone put it back by hand
        service.watch().checkOnce();

        assertThat(service.status().orElseThrow().drift()).isEmpty();
        assertThat(service.health().healthy()).isTrue();
        assertThat(gauge("edgeplane.firewall.in.sync")).isEqualTo(1);
    }

    @Test
    void aReadingOverTakenByAReloadIsNotTakenForDrift() throws Exception {
        service.prepare(config(SSH)).commit();
        // The watch reads the kernel's table while a reload puts another ruleset in force: what it read is the new
        // table, which it compares with the old ruleset.
        nft.beforeNextRun(() -> {
            try {
                service.prepare(config(SSH_AND_2222)).commit();
            } catch (ServiceException e) {
                throw new AssertionError(e);
            }
        });

        service.watch().checkOnce();

        assertThat(service.status().orElseThrow().digest()).isEqualTo(listing(SSH_AND_2222).digest());
        assertThat(service.status().orElseThrow().drift()).isEmpty();
        assertThat(service.health().healthy()).as(service.health().detail()).isTrue();
        assertThat(gauge("edgeplane.firewall.in.sync")).isEqualTo(1);

        service.watch().checkOnce(); // the next reading compares the new table with the new ruleset

        assertThat(service.health().healthy()).isTrue();
    }

    @Test
    void aCheckNftCannotAnswerChangesNothing() throws Exception {
        service.prepare(config(SSH)).commit();
        FirewallStatus before = service.status().orElseThrow();
        nft.failNextRun(new NftException("'nft -j list table inet edgeplane' did not finish within 10 s and was "
                + "killed"));

        service.watch().checkOnce();

        assertThat(service.status()).contains(before);
        assertThat(service.health().healthy()).isTrue();
    }

    @Test
    void theDenyChainsCountsBecomeTheMetricAndTheStatus() throws Exception {
        service.prepare(config(SSH)).commit();
        nft.count("input_deny", 42);
        nft.count("output_deny", 7);
        nft.count("input", 1000); // not a deny chain: not a count of denied packets

        service.watch().checkOnce();

        assertThat(service.status().orElseThrow().denied()).isEqualTo(Map.of("input", 42L, "output", 7L));
        assertThat(denied("input")).isEqualTo(42);
        assertThat(denied("output")).isEqualTo(7);
        assertThat(registry.find("edgeplane.firewall.denied.packets").meters()).hasSize(2);

        nft.count("input_deny", 50);
        service.watch().checkOnce();

        assertThat(service.status().orElseThrow().denied()).containsEntry("input", 50L);
        assertThat(denied("input")).isEqualTo(50);

        service.prepare(config(SSH)).commit(); // an unchanged reload: the table and its counters stay
        assertThat(service.status().orElseThrow().denied()).containsEntry("input", 50L);
    }

    @Test
    void aChangedRulesetStartsTheCountsFromNothing() throws Exception {
        service.prepare(config(SSH)).commit();
        nft.count("input_deny", 42);
        service.watch().checkOnce();

        service.prepare(config(SSH_AND_2222)).commit();

        assertThat(service.status().orElseThrow().denied()).isEmpty();
        assertThat(denied("input")).as("the kernel's new table counts from 0").isZero();

        nft.count("input_deny", 2);
        service.watch().checkOnce();

        assertThat(service.status().orElseThrow().denied()).isEqualTo(Map.of("input", 2L, "output", 0L));
        assertThat(denied("input")).isEqualTo(2);
    }

    @Test
    void theNftOfTheConfigIsTheOneRun() throws Exception {
        service.prepare(config(SSH.replace("check_interval: 1h", "check_interval: 1h\n  nft: /usr/sbin/nft")))
                .commit();

        assertThat(nft.programs()).containsExactly("/usr/sbin/nft");
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }

    private double applies(String outcome) {
        return registry.get("edgeplane.firewall.applies").tag("outcome", outcome).counter().count();
    }

    private double denied(String chain) {
        FunctionCounter counter = registry.find("edgeplane.firewall.denied.packets").tag("chain", chain)
                .functionCounter();
        assertThat(counter).as("denied packets of chain %s", chain).isNotNull();
        return counter.count();
    }

    private static EdgeplaneConfig config(String yaml) {
        try {
            return new ConfigLoader(Variables.of(Map.of())).parse("test.yaml", yaml);
        } catch (InvalidConfigException e) {
            throw new AssertionError("the test's config is invalid: " + e.problems(), e);
        }
    }

    private static NftListing listing(String yaml) {
        return new NftRenderer().render(new FirewallCompiler().compile(config(yaml)));
    }

    private static int ruleCount(String yaml) {
        return new FirewallCompiler().compile(config(yaml)).ruleCount();
    }
}
