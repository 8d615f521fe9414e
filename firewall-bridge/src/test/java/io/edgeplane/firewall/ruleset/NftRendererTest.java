package io.edgeplane.firewall.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.SampleRulesets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NftRendererTest {

    private final NftRenderer renderer = new NftRenderer();

    @Test
    void writesWhatNftListsBackByteForByte() {
        // full.txt is nft 1.0.6's "nft -s list table inet edgeplane" after loading this very listing
        assertThat(renderer.render(SampleRulesets.full()).text()).isEqualTo(Resources.text("full.txt"));
        assertThat(renderer.render(SampleRulesets.small()).text()).isEqualTo(Resources.text("small.txt"));
    }

    @Test
    void theCommentCarriesTheDigestOfTheRestOfTheText() {
        NftListing listing = renderer.render(SampleRulesets.full());
        assertThat(listing.digest()).matches("[0-9a-f]{16}");
        assertThat(listing.text().lines().toList().get(1))
                .isEqualTo("\tcomment \"" + NftRenderer.COMMENT_PREFIX + listing.digest() + "\"");
        assertThat(renderer.render(SampleRulesets.small()).digest()).isNotEqualTo(listing.digest());
    }

    @Test
    void theOrderAZoneListsItsMembersInDoesNotChangeTheDigest() {
        NftListing listed = renderer.render(SampleRulesets.withItCidrs(SampleRulesets.IT_CIDRS));
        NftListing reversed = renderer.render(SampleRulesets.withItCidrs(SampleRulesets.IT_CIDRS.reversed()));
        assertThat(reversed.digest()).isEqualTo(listed.digest());
    }

    @Test
    void everyLineOfAWrappedElementListNamesTheSet() {
        NftListing listing = renderer.render(SampleRulesets.full());
        List<String> lines = listing.text().lines().toList();
        int first = lines.indexOf("\t\telements = { 10.0.0.0/8, 172.16.0.0/12,");
        assertThat(first).isPositive();
        assertThat(lines.get(first + 1)).isEqualTo("\t\t\t     192.168.1.7, 198.18.0.10-198.18.0.20 }");
        assertThat(listing.originOf(first + 1)).contains("firewall.zones.it.cidrs");
        assertThat(listing.originOf(first + 2)).contains("firewall.zones.it.cidrs");
        assertThat(listing.origins()).hasSameSizeAs(lines);
    }

    @Test
    void rulesRememberTheirOriginAndStructureLinesHaveNone() {
        NftListing listing = renderer.render(SampleRulesets.full());
        List<String> lines = listing.text().lines().toList();
        int ssh = lines.indexOf("\t\tip saddr @zone_it_v4 tcp dport 22 accept comment \"SSH access\"");
        assertThat(listing.originOf(ssh + 1)).contains("firewall.input.allow[0]");
        assertThat(listing.originOf(1)).isEqualTo(Optional.empty());
        assertThat(listing.originOf(lines.size())).isEqualTo(Optional.empty());
    }
}
