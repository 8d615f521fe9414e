package io.edgeplane.firewall.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.firewall.apply.FirewallApplier;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.nft.NftCommand;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.NftResult;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.ScriptedNft;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watch and a reload: while a reload changes the kernel's table, the table is neither the ruleset watched nor yet
 * the one to come, and a reading then is no drift.
 */
class KernelWatchTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KernelWatch watch = new KernelWatch(new FirewallMeters(registry), Clock.systemUTC());

    @AfterEach
    void stop() {
        watch.stop();
    }

    @Test
    void aReadingUnderWayWhenAReloadBeginsIsThrownAway() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        // The watch's nft reads no table (drift: the table is missing), but only once the reload has put its own in.
        NftCommand slowNft = (arguments, stdin) -> {
            reading.countDown();
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NftException("interrupted", e);
            }
            return new NftResult(1, "", Resources.text("absent.stderr"));
        };
        watch.watch(inForce(slowNft, "1111111111111111"), true);
        Thread check = Thread.ofVirtual().start(watch::checkOnce);
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

        watch.suspend();
        watch.watch(inForce(new ScriptedNft(), "2222222222222222"), true);
        answer.countDown();
        check.join(5_000);

        assertThat(check.isAlive()).isFalse();
        assertThat(watch.drift()).isEmpty();
        assertThat(registry.get("edgeplane.firewall.in.sync").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void noReadingWhileSuspendedAndReadingsGoOnOnceResumed() {
        ScriptedNft nft = new ScriptedNft(); // answers nothing: a run while suspended fails the test
        watch.watch(inForce(nft, "1111111111111111"), true);

        watch.suspend();
        watch.checkOnce();

        assertThat(nft.calls()).isEmpty();
        nft.thenAbsent();
        watch.resume();
        watch.checkOnce();
        assertThat(watch.drift()).singleElement().asString().contains("missing");
        assertThat(registry.get("edgeplane.firewall.in.sync").gauge().value()).isEqualTo(0.0);
    }

    private static InForce inForce(NftCommand nft, String digest) {
        EdgeplaneConfig config;
        try {
            // An hour between readings: the watch's own thread never reads while the test does.
            config = new ConfigLoader(Variables.of(Map.of())).parse("test.yaml", "firewall: { check_interval: 1h }\n");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new InForce(new FirewallCompiler().compile(config), digest, config.firewall().orElseThrow(),
                new FirewallApplier(nft, new NftRenderer()), Instant.now());
    }
}
