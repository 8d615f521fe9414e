package io.edgeplane.firewall.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.nft.KernelTable;
import io.edgeplane.firewall.nft.ListingDiff;
import io.edgeplane.firewall.nft.ListingNormalizer;
import io.edgeplane.firewall.nft.NftCommand;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.NftResult;
import io.edgeplane.firewall.nft.NftTableReader;
import io.edgeplane.firewall.nft.ProcessNftCommand;
import io.edgeplane.firewall.nft.TableVerifier;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import io.edgeplane.firewall.testing.NftNamespace;
import io.edgeplane.firewall.testing.SampleRulesets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The applier against the real nft, each test in a network namespace of its own, so that the machine's ruleset is
 * never touched: apply, apply again, refusals, a failed check and its rollback, restore and remove.
 */
class FirewallApplierIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NftRenderer renderer = new NftRenderer();
    private NftNamespace namespace;
    private NftCommand nft;
    private FirewallApplier applier;
    private NftTableReader reader;

    @BeforeEach
    void namespace() throws Exception {
        namespace = NftNamespace.create();
        nft = namespace.nft(TIMEOUT);
        applier = new FirewallApplier(nft, renderer);
        reader = new NftTableReader(nft);
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (namespace != null) {
            namespace.delete();
        }
    }

    @Test
    void aRulesetIsAppliedOnceThenLeftAloneAndTheKernelListsWhatWeWrote() throws Exception {
        Ruleset ruleset = SampleRulesets.full();
        NftListing listing = renderer.render(ruleset);

        assertThat(applier.apply(ruleset)).isEqualTo(new ApplyResult.Applied(listing.digest(), PreviousState.absent()));
        KernelTable kernel = reader.read().orElseThrow();
        assertThat(kernel.digest()).contains(listing.digest());
        assertThat(new TableVerifier().verify(ruleset, listing.digest(), kernel)).isEmpty();

        // A member the meter gathered survives an apply that changes nothing: nothing was run.
        namespace.run("add", "element", "inet", "edgeplane", "rate_input_allow_2", "{ 198.18.0.9 }");
        assertThat(applier.apply(ruleset)).isEqualTo(new ApplyResult.Unchanged(listing.digest()));
        String kernelText = reader.listText().orElseThrow();
        assertThat(kernelText).contains("198.18.0.9");

        assertThat(new ListingDiff(new ListingNormalizer()).diff(Optional.of(kernelText), listing, "test"))
                .isEmpty();
        if (namespace.nftVersion().contains("v1.0.6 ")) {
            // The version the renderer was written against lists the table exactly as we wrote it.
            String fresh = namespace.run("-s", "list", "table", "inet", "edgeplane")
                    .replace("\t\telements = { 198.18.0.9 }\n", "");
            assertThat(fresh).isEqualTo(listing.text());
        }
    }

    @Test
    void aRulesetNftRefusesChangesNothingAndSaysWhichConfigKeyMadeTheBadLine() throws Exception {
        Ruleset good = SampleRulesets.full();
        assertThat(applier.apply(good)).isInstanceOf(ApplyResult.Applied.class);
        String before = reader.listText().orElseThrow();

        ApplyResult jump = applier.apply(SampleRulesets.withInputRules(List.of(
                new NftRule("jump nowhere", "firewall.input.allow[4]"))));
        assertThat(jump).isEqualTo(new ApplyResult.Failed(List.of("firewall.input.allow[4]: nft refused "
                + "'jump nowhere' at 'nowhere': Could not process rule: No such file or directory")));

        ApplyResult overlap = applier.apply(SampleRulesets.withItCidrs(List.of("10.0.0.0/8", "10.1.0.0/16")));
        assertThat(overlap).isInstanceOf(ApplyResult.Failed.class);
        assertThat(((ApplyResult.Failed) overlap).messages()).singleElement().asString()
                .startsWith("firewall.zones.it.cidrs: nft refused 'elements = { 10.0.0.0/8, 10.1.0.0/16 }' at "
                        + "'10.1.0.0/16': conflicting intervals specified");

        assertThat(reader.listText()).contains(before);
        assertThat(reader.read().orElseThrow().digest()).contains(renderer.render(good).digest());
    }

    @Test
    void aTableThatFailsItsCheckIsReplacedByThePreviousOne() throws Exception {
        NftListing full = renderer.render(SampleRulesets.full());
        applier.apply(SampleRulesets.full());
        String before = reader.listText().orElseThrow();

        FirewallApplier misled = new FirewallApplier(new PolicyFlippingReadBack(nft), renderer);
        ApplyResult result = misled.apply(SampleRulesets.small());

        String small = renderer.render(SampleRulesets.small()).digest();
        assertThat(result).isEqualTo(new ApplyResult.Failed(List.of(
                "firewall: applied ruleset " + small + " failed its check: chain input has policy drop in the "
                        + "kernel, expected accept",
                "firewall: put the previous table back (ruleset " + full.digest() + ")")));
        assertThat(reader.listText()).contains(before);
    }

    @Test
    void aFailedCheckWhereThereWasNoTableLeavesNone() throws Exception {
        FirewallApplier misled = new FirewallApplier(new PolicyFlippingReadBack(nft), renderer);
        assertThat(misled.apply(SampleRulesets.small())).isInstanceOf(ApplyResult.Failed.class);
        assertThat(reader.read()).isEmpty();
    }

    @Test
    void restorePutsBackWhatAnApplyReplaced() throws Exception {
        NftListing full = renderer.render(SampleRulesets.full());
        ApplyResult first = applier.apply(SampleRulesets.full());
        ApplyResult second = applier.apply(SampleRulesets.small());
        assertThat(second).isInstanceOf(ApplyResult.Applied.class);
        PreviousState previous = ((ApplyResult.Applied) second).previous();
        assertThat(previous.digest()).contains(full.digest());

        assertThat(applier.restore(previous)).isEmpty();
        assertThat(reader.read().orElseThrow().digest()).contains(full.digest());
        assertThat(new TableVerifier().verify(SampleRulesets.full(), full.digest(), reader.read().orElseThrow()))
                .isEmpty();

        assertThat(applier.restore(((ApplyResult.Applied) first).previous())).isEmpty();
        assertThat(reader.read()).isEmpty();
    }

    @Test
    void removeDeletesOurTableAndNothingElse() throws Exception {
        namespace.run("add", "table", "inet", "someone_else");
        namespace.run("add", "chain", "inet", "someone_else", "input",
                "{ type filter hook input priority 10; policy accept; }");
        applier.apply(SampleRulesets.full());

        assertThat(applier.remove()).isEmpty();
        assertThat(reader.read()).isEmpty();
        assertThat(applier.remove()).isEmpty();
        assertThat(namespace.run("list", "tables")).isEqualTo("table inet someone_else\n");
    }

    @Test
    @Timeout(10)
    void anNftThatHangsIsAFailureWithinTheTimeout() {
        // sh -c 'sleep 30' stands for a hung nft; the arguments the applier adds become sh's $0, $1, ...
        FirewallApplier hung = new FirewallApplier(
                new ProcessNftCommand(List.of("/bin/sh", "-c", "sleep 30"), Duration.ofMillis(500)), renderer);
        long start = System.nanoTime();
        ApplyResult result = hung.apply(SampleRulesets.small());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result).isInstanceOf(ApplyResult.Failed.class);
        assertThat(((ApplyResult.Failed) result).messages()).singleElement().asString()
                .contains("did not finish within 500 ms and was killed");
    }

    /** The real nft, except that once a script was loaded, the JSON read back shows input's policy flipped. */
    private static final class PolicyFlippingReadBack implements NftCommand {
        private final NftCommand real;
        private boolean loaded;

        PolicyFlippingReadBack(NftCommand real) {
            this.real = real;
        }

        @Override
        public NftResult run(List<String> arguments, Optional<String> stdin) throws NftException {
            NftResult result = real.run(arguments, stdin);
            if (arguments.equals(List.of("-f", "-"))) {
                loaded = true;
            } else if (loaded && arguments.getFirst().equals("-j") && result.succeeded()) {
                return new NftResult(0, result.stdout().replace("\"policy\": \"accept\"", "\"policy\": \"drop\""),
                        result.stderr());
            }
            return result;
        }
    }
}
