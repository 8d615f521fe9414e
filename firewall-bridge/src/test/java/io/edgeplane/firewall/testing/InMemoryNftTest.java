package io.edgeplane.firewall.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.apply.ApplyResult;
import io.edgeplane.firewall.apply.FirewallApplier;
import io.edgeplane.firewall.apply.PreviousState;
import io.edgeplane.firewall.nft.KernelTable;
import io.edgeplane.firewall.nft.KernelTableJson;
import io.edgeplane.firewall.nft.NftTableReader;
import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.NftScript;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-memory nft answers as nft 1.0.6 did for the same table (the captured listings), so tests can trust it. */
class InMemoryNftTest {

    private final NftRenderer renderer = new NftRenderer();

    @Test
    void itsJsonReadsAsNftsOwnForTheSameTable() throws Exception {
        InMemoryNft nft = new InMemoryNft().holding(Resources.text("full.txt"));

        KernelTable ours = new NftTableReader(nft).read().orElseThrow();

        KernelTable nfts = new KernelTableJson().parse(Resources.text("full.json"), "inet", "edgeplane")
                .withDigest(NftTableReader.digestInListing(Resources.text("full.txt")));
        assertThat(ours).isEqualTo(nfts);
    }

    @Test
    void theApplierAppliesThenFindsItUnchangedThenRemovesIt() {
        InMemoryNft nft = new InMemoryNft();
        FirewallApplier applier = new FirewallApplier(nft, renderer);
        String digest = renderer.render(SampleRulesets.full()).digest();

        assertThat(applier.apply(SampleRulesets.full())).isEqualTo(new ApplyResult.Applied(digest,
                PreviousState.absent()));
        assertThat(nft.table()).contains(renderer.render(SampleRulesets.full()).text());
        assertThat(applier.apply(SampleRulesets.full())).isEqualTo(new ApplyResult.Unchanged(digest));
        assertThat(applier.apply(SampleRulesets.small())).isEqualTo(new ApplyResult.Applied(
                renderer.render(SampleRulesets.small()).digest(),
                PreviousState.of(renderer.render(SampleRulesets.full()).text())));
        assertThat(applier.remove()).isEmpty();
        assertThat(nft.table()).isEmpty();
        assertThat(nft.scripts()).hasSize(3).last().isEqualTo(NftScript.remove());
    }

    @Test
    void aRefusalPointsAtTheLineAsNftDoes() {
        InMemoryNft nft = new InMemoryNft();
        nft.refuseNextAt("@zone_admin_v4", "Could not process rule: No such file or directory");

        ApplyResult result = new FirewallApplier(nft, renderer).apply(SampleRulesets.small());

        assertThat(result).isEqualTo(new ApplyResult.Failed(List.of("firewall.input.allow[0]: nft refused "
                + "'ip saddr @zone_admin_v4 tcp dport 22 accept' at '@zone_admin_v4': Could not process rule: No such "
                + "file or directory")));
        assertThat(nft.table()).isEmpty();
    }

    @Test
    void aTableCountsUntilItIsReplaced() throws Exception {
        Ruleset counting = new Ruleset(List.of(), List.of(
                new NftChain("input", Optional.of(new NftChain.Hook("input", false)), List.of(
                        new NftRule("tcp dport 22 accept", "firewall.input.allow[0]"),
                        new NftRule("goto input_deny", "firewall.input.policy"))),
                new NftChain("input_deny", Optional.empty(), List.of(
                        new NftRule("counter drop", "firewall.input.policy")))), List.of());
        InMemoryNft nft = new InMemoryNft();
        FirewallApplier applier = new FirewallApplier(nft, renderer);
        applier.apply(counting);
        nft.count("input_deny", 12);

        assertThat(counted(nft, "input_deny")).isEqualTo(12);
        assertThat(counted(nft, "input")).as("no counter in the chain").isZero();

        assertThat(applier.apply(counting)).isInstanceOf(ApplyResult.Unchanged.class);
        assertThat(counted(nft, "input_deny")).isEqualTo(12);

        applier.apply(SampleRulesets.small());
        applier.apply(counting);

        assertThat(counted(nft, "input_deny")).isZero();
    }

    private static long counted(InMemoryNft nft, String chain) throws Exception {
        return new NftTableReader(nft).read().orElseThrow().chain(chain).orElseThrow().counted();
    }
}
