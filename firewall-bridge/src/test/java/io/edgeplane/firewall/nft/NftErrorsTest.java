package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.SampleRulesets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each stderr was captured from nft 1.0.6 refusing the listing the test renders, fed as {@code nft -f -} after the
 * two lines {@code table inet edgeplane} and {@code delete table inet edgeplane}.
 */
class NftErrorsTest {

    private static final int PREPENDED = 2;
    private final NftRenderer renderer = new NftRenderer();

    @Test
    void aRuleTheKernelRefusesIsNamedByItsConfigKey() {
        NftListing listing = renderer.render(SampleRulesets.withInputRules(List.of(
                new NftRule("jump nowhere", "firewall.input.allow[4]"))));
        assertThat(NftErrors.messages(Resources.text("refused-jump.stderr"), listing, PREPENDED)).containsExactly(
                "firewall.input.allow[4]: nft refused 'jump nowhere' at 'nowhere': Could not process rule: No such "
                        + "file or directory");
    }

    @Test
    void nftsSuggestionsComeThrough() {
        NftListing listing = renderer.render(SampleRulesets.withInputRules(List.of(new NftRule(
                "tcp dport 8081 update @rate_input_allow_5 { ip saddr limit rate 25/minute } accept",
                "firewall.input.allow[5]"))));
        assertThat(NftErrors.messages(Resources.text("refused-missing-set.stderr"), listing, PREPENDED))
                .containsExactly("firewall.input.allow[5]: nft refused 'tcp dport 8081 update @rate_input_allow_5 "
                        + "{ ip saddr limit rate 25/minute } accept' at '@rate_input_allow_5': No such file or "
                        + "directory; did you mean set ‘rate_input_allow_2’ in table inet ‘edgeplane’?");
    }

    @Test
    void aSyntaxErrorPointsAtTheWord() {
        NftListing listing = renderer.render(SampleRulesets.withInputRules(List.of(
                new NftRule("tcp dportx 22 accept", "firewall.input.allow[6]"))));
        assertThat(NftErrors.messages(Resources.text("refused-syntax.stderr"), listing, PREPENDED)).containsExactly(
                "firewall.input.allow[6]: nft refused 'tcp dportx 22 accept' at 'dportx': syntax error, unexpected "
                        + "string");
    }

    @Test
    void aSetsElementsAreNamedByTheZone() {
        NftListing listing = renderer.render(SampleRulesets.withItCidrs(List.of("10.0.0.0/8", "10.1.0.0/16",
                "192.168.1.7")));
        assertThat(NftErrors.messages(Resources.text("refused-conflicting-intervals.stderr"), listing, PREPENDED))
                .containsExactly("firewall.zones.it.cidrs: nft refused 'elements = { 10.0.0.0/8, 10.1.0.0/16,' at "
                        + "'10.1.0.0/16': conflicting intervals specified");
    }

    @Test
    void everyErrorBecomesOneMessage() {
        NftListing listing = renderer.render(SampleRulesets.withInputRules(List.of(
                new NftRule("jump nowhere", "firewall.input.allow[4]"))));
        // Script line 45 is the bad jump, line 5 the first set's first line, "set zone_it_v4 {", made by the zone.
        String stderr = Resources.text("refused-jump.stderr")
                + "/dev/stdin:5:2-17: Error: Could not process rule: Operation not supported\n"
                + "\tset zone_it_v4 {\n"
                + "\t^^^^^^^^^^^^^^^^\n";
        assertThat(NftErrors.messages(stderr, listing, PREPENDED)).containsExactly(
                "firewall.input.allow[4]: nft refused 'jump nowhere' at 'nowhere': Could not process rule: No such "
                        + "file or directory",
                "firewall.zones.it.cidrs: nft refused 'set zone_it_v4 {': Could not process rule: Operation not "
                        + "supported");
    }

    @Test
    void aLineNoConfigKeyMadeIsTheFirewallsAsAWhole() {
        NftListing listing = renderer.render(SampleRulesets.full());
        int chain = listing.text().lines().toList().indexOf("\tchain input_deny {") + 1;
        String stderr = "/dev/stdin:" + (chain + PREPENDED) + ":8-17: Error: Could not process rule: File exists\n"
                + "\tchain input_deny {\n"
                + "\t      ^^^^^^^^^^\n";
        assertThat(NftErrors.messages(stderr, listing, PREPENDED)).containsExactly(
                "firewall: nft refused 'chain input_deny {' at 'input_deny': Could not process rule: File exists");
    }

    @Test
    void anErrorInOurOwnPrependedLinesQuotesTheLineNftEchoed() {
        NftListing listing = renderer.render(SampleRulesets.small());
        String stderr = "/dev/stdin:2:1-27: Error: Could not process rule: Device or resource busy\n"
                + "delete table inet edgeplane\n"
                + "^^^^^^^^^^^^^^^^^^^^^^^^^^^\n";
        assertThat(NftErrors.messages(stderr, listing, PREPENDED)).containsExactly(
                "firewall: nft refused 'delete table inet edgeplane': Could not process rule: Device or resource "
                        + "busy");
    }

    @Test
    void anErrorWithoutALocationIsTheFirewallsAsAWhole() {
        NftListing listing = renderer.render(SampleRulesets.small());
        assertThat(NftErrors.messages("internal:0:0-0: Error: Could not process rule: Message too long\n",
                listing, PREPENDED)).containsExactly("firewall: nft: Could not process rule: Message too long");
        assertThat(NftErrors.messages("Error: Could not process rule: Operation not permitted\n", listing,
                PREPENDED)).containsExactly("firewall: nft: Could not process rule: Operation not permitted");
    }

    @Test
    void whatCannotBeReadIsPassedOnTrimmed() {
        NftListing listing = renderer.render(SampleRulesets.small());
        // nft 1.0.6 dies like this on a log prefix longer than it can hold
        assertThat(NftErrors.messages(Resources.text("crashed.stderr"), listing, PREPENDED))
                .containsExactly("*** stack smashing detected ***: terminated");
        assertThat(NftErrors.messages("  \n", listing, PREPENDED))
                .containsExactly("firewall: nft failed and printed nothing on stderr");
    }
}
