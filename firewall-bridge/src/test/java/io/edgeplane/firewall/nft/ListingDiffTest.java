package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.SampleRulesets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListingDiffTest {

    private final ListingDiff diff = new ListingDiff(new ListingNormalizer());
    private final NftRenderer renderer = new NftRenderer();

    @Test
    void theKernelsCopyOfOurRulesetDiffsEmpty() {
        NftListing ours = renderer.render(SampleRulesets.full());
        assertThat(diff.diff(Optional.of(Resources.text("full-with-meter.txt")), ours, "/etc/edgeplane.yaml"))
                .isEmpty();
    }

    @Test
    void aNewRuleShowsAsAddedWithContext() {
        NftListing ours = renderer.render(SampleRulesets.withInputRules(List.of(
                new NftRule("tcp dport 443 accept", "firewall.input.allow[4]"))));
        String text = diff.diff(Optional.of(Resources.text("full.txt")), ours, "/etc/edgeplane.yaml");
        assertThat(text).startsWith("--- kernel: table inet edgeplane\n+++ config: /etc/edgeplane.yaml\n");
        assertThat(text).contains("-\tcomment \"edgeplane ruleset 1c73c190d66202f5\"\n");
        assertThat(text).contains("+\tcomment \"edgeplane ruleset " + ours.digest() + "\"\n");
        assertThat(text).contains("\n \t\tmeta l4proto tcp ip saddr 198.18.0.66 reject with tcp reset\n"
                + "+\t\ttcp dport 443 accept\n"
                + " \t\tjump input_deny\n");
        assertThat(text).endsWith("\n");
    }

    @Test
    void anAbsentTableDiffsAsAllAdded() {
        NftListing ours = renderer.render(SampleRulesets.small());
        String text = diff.diff(Optional.empty(), ours, "edgeplane.yaml");
        List<String> lines = text.lines().toList();
        assertThat(lines.subList(0, 3)).containsExactly("--- kernel: table inet edgeplane",
                "+++ config: edgeplane.yaml", "@@ -0,0 +1,13 @@");
        assertThat(lines.subList(3, lines.size()))
                .containsExactlyElementsOf(ours.text().lines().map(l -> "+" + l).toList());
    }
}
