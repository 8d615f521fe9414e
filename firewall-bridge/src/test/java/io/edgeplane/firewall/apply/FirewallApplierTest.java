package io.edgeplane.firewall.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.ScriptedNft;
import io.edgeplane.firewall.testing.ScriptedNft.Call;
import io.edgeplane.firewall.testing.SampleRulesets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The applier's decisions, against an nft whose answers (captured from nft 1.0.6) are scripted in order. */
class FirewallApplierTest {

    private static final Call LIST_JSON = new Call(List.of("-j", "list", "table", "inet", "edgeplane"),
            Optional.empty());
    private static final Call LIST_TEXT = new Call(List.of("-s", "list", "table", "inet", "edgeplane"),
            Optional.empty());
    private static final String PREFIX = "table inet edgeplane\ndelete table inet edgeplane\n";

    private final NftRenderer renderer = new NftRenderer();
    private final ScriptedNft nft = new ScriptedNft();
    private final FirewallApplier applier = new FirewallApplier(nft, renderer);

    private static Call load(String script) {
        return new Call(List.of("-f", "-"), Optional.of(script));
    }

    @Test
    void theRulesetTheKernelAlreadyHoldsIsLeftAlone() {
        nft.thenOk(Resources.text("full.json")).thenOk(Resources.text("full.txt"));
        ApplyResult result = applier.apply(SampleRulesets.full());
        assertThat(result).isEqualTo(new ApplyResult.Unchanged("1c73c190d66202f5"));
        assertThat(nft.calls()).containsExactly(LIST_JSON, LIST_TEXT);
    }

    @Test
    void aRulesetIsAppliedWhereThereWasNoTable() {
        NftListing listing = renderer.render(SampleRulesets.full());
        nft.thenAbsent().thenOk("").thenOk(Resources.text("full.json")).thenOk(Resources.text("full.txt"));
        ApplyResult result = applier.apply(SampleRulesets.full());
        assertThat(result).isEqualTo(new ApplyResult.Applied(listing.digest(), PreviousState.absent()));
        assertThat(nft.calls()).containsExactly(LIST_JSON, load(PREFIX + listing.text()), LIST_JSON, LIST_TEXT);
    }

    @Test
    void aRulesetReplacesAnotherAndRemembersIt() {
        NftListing small = renderer.render(SampleRulesets.small());
        // the kernel holds full; the text listing the reading took is kept as the previous state, not listed again
        nft.thenOk(Resources.text("full.json")).thenOk(Resources.text("full.txt"))
                .thenOk("")
                .thenOk(Resources.text("small.json")).thenOk(Resources.text("small.txt"));
        ApplyResult result = applier.apply(SampleRulesets.small());
        assertThat(result).isEqualTo(new ApplyResult.Applied(small.digest(),
                PreviousState.of(Resources.text("full.txt"))));
        assertThat(((ApplyResult.Applied) result).previous().digest()).contains("1c73c190d66202f5");
        assertThat(nft.calls().get(2)).isEqualTo(load(PREFIX + small.text()));
        assertThat(nft.calls()).as("one listing of each kind before the load, one of each after").hasSize(5);
        assertThat(nft.exhausted()).isTrue();
    }

    @Test
    void whatNftRefusesComesBackNamedByConfigKey() {
        Ruleset broken = SampleRulesets.withInputRules(List.of(new NftRule("jump nowhere", "firewall.input.allow[4]")));
        nft.thenAbsent().then(1, "", Resources.text("refused-jump.stderr"));
        ApplyResult result = applier.apply(broken);
        assertThat(result).isEqualTo(new ApplyResult.Failed(List.of("firewall.input.allow[4]: nft refused "
                + "'jump nowhere' at 'nowhere': Could not process rule: No such file or directory")));
        assertThat(nft.exhausted()).isTrue();
    }

    @Test
    void aTableThatFailsItsCheckIsReplacedByThePreviousOne() {
        nft.thenOk(Resources.text("full.json")).thenOk(Resources.text("full.txt"))
                .thenOk("")
                // read back: the kernel still shows full, as if the new table had not taken
                .thenOk(Resources.text("full.json")).thenOk(Resources.text("full.txt"))
                .thenOk("");
        NftListing small = renderer.render(SampleRulesets.small());
        ApplyResult result = applier.apply(SampleRulesets.small());
        assertThat(result).isInstanceOf(ApplyResult.Failed.class);
        assertThat(((ApplyResult.Failed) result).messages()).contains(
                "firewall: applied ruleset " + small.digest() + " failed its check: the kernel's table carries "
                        + "ruleset 1c73c190d66202f5, expected " + small.digest(),
                "firewall: applied ruleset " + small.digest() + " failed its check: chain input has 10 rules in "
                        + "the kernel, expected 1",
                "firewall: put the previous table back (ruleset 1c73c190d66202f5)");
        assertThat(nft.calls().getLast()).isEqualTo(load(PREFIX + Resources.text("full.txt")));
        assertThat(nft.exhausted()).isTrue();
    }

    @Test
    void aFailedCheckWhereThereWasNoTableRemovesIt() {
        nft.thenAbsent().thenOk("").thenAbsent().thenOk("");
        ApplyResult result = applier.apply(SampleRulesets.small());
        assertThat(((ApplyResult.Failed) result).messages()).containsExactly(
                "firewall: applied ruleset " + renderer.render(SampleRulesets.small()).digest() + " failed its "
                        + "check: the table is missing from the kernel after nft applied it",
                "firewall: put the previous table back (there was none, so the table was removed)");
        assertThat(nft.calls().getLast()).isEqualTo(load(PREFIX));
    }

    @Test
    void aFailedRestoreIsSaid() {
        nft.thenAbsent().thenOk("").thenAbsent().thenThrow(new NftException("'nft -f -' did not finish within 10 s "
                + "and was killed"));
        String digest = renderer.render(SampleRulesets.small()).digest();
        ApplyResult result = applier.apply(SampleRulesets.small());
        assertThat(((ApplyResult.Failed) result).messages()).containsExactly(
                "firewall: applied ruleset " + digest + " failed its check: the table is missing from the kernel "
                        + "after nft applied it",
                "firewall: could not put the previous table back; the kernel holds ruleset " + digest + ", which "
                        + "failed its check",
                "firewall: 'nft -f -' did not finish within 10 s and was killed");
    }

    @Test
    void aTimeoutIsAFailureThatSaysSo() {
        nft.thenAbsent().thenThrow(new NftException("'nft -f -' did not finish within 10 s and was killed"));
        ApplyResult result = applier.apply(SampleRulesets.small());
        assertThat(((ApplyResult.Failed) result).messages()).singleElement().asString()
                .startsWith("firewall: 'nft -f -' did not finish within 10 s and was killed; nft commits a script "
                        + "whole or not at all");
    }

    @Test
    void aKernelThatCannotBeReadChangesNothing() {
        nft.then(1, "", "Error: Could not process rule: Operation not permitted\n");
        ApplyResult result = applier.apply(SampleRulesets.small());
        assertThat(result).isEqualTo(new ApplyResult.Failed(List.of("firewall: could not read the kernel's table, so "
                + "nothing was changed: 'nft -j list table inet edgeplane' failed with exit code 1: Error: Could not "
                + "process rule: Operation not permitted")));
        assertThat(nft.calls()).containsExactly(LIST_JSON);
    }

    @Test
    void restorePutsThePreviousTableBack() {
        nft.thenOk("");
        assertThat(applier.restore(PreviousState.of(Resources.text("small.txt")))).isEmpty();
        assertThat(nft.calls()).containsExactly(load(PREFIX + Resources.text("small.txt")));
    }

    @Test
    void restoreOfNoTableRemovesIt() {
        nft.thenOk("");
        assertThat(applier.restore(PreviousState.absent())).isEmpty();
        assertThat(nft.calls()).containsExactly(load(PREFIX));
    }

    @Test
    void aRefusedRestoreSaysWhy() {
        // line 6 of the script: line 4 of small.txt, after the two lines that replace the table
        nft.then(1, "", "/dev/stdin:6:3-6: Error: Could not process rule: Operation not supported\n"
                + "\t\ttype ipv4_addr\n\t\t^^^^\n");
        assertThat(applier.restore(PreviousState.of(Resources.text("small.txt")))).containsExactly(
                "firewall: nft refused 'type ipv4_addr' at 'type': Could not process rule: Operation not "
                        + "supported");
    }

    @Test
    void removeDeletesTheTableWhetherOrNotItIsThere() {
        nft.thenOk("").thenOk("");
        assertThat(applier.remove()).isEmpty();
        assertThat(applier.remove()).isEmpty();
        assertThat(nft.calls()).containsExactly(load(PREFIX), load(PREFIX));
    }

    @Test
    void aFailedRemoveSaysWhy() {
        nft.thenThrow(new NftException("could not start '/usr/sbin/nft -f -': No such file or directory"));
        assertThat(applier.remove()).containsExactly(
                "firewall: could not start '/usr/sbin/nft -f -': No such file or directory");
    }
}
