package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.ScriptedNft;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NftTableReaderTest {

    @Test
    void readsTheJsonAndTakesTheDigestFromTheTextWhenTheJsonHasNone() throws Exception {
        ScriptedNft nft = new ScriptedNft().thenOk(Resources.text("full.json")).thenOk(Resources.text("full.txt"));
        KernelTable table = new NftTableReader(nft).read().orElseThrow();
        assertThat(table.digest()).contains("1c73c190d66202f5");
        assertThat(table.chains()).hasSize(3);
        assertThat(nft.calls()).containsExactly(
                new ScriptedNft.Call(List.of("-j", "list", "table", "inet", "edgeplane"), Optional.empty()),
                new ScriptedNft.Call(List.of("-s", "list", "table", "inet", "edgeplane"), Optional.empty()));
    }

    @Test
    void aMissingTableIsAbsent() throws Exception {
        assertThat(new NftTableReader(new ScriptedNft().thenAbsent()).read()).isEmpty();
        assertThat(new NftTableReader(new ScriptedNft().thenAbsent()).listText()).isEmpty();
    }

    @Test
    void aTableThatVanishesBetweenTheTwoListingsIsAbsent() throws Exception {
        ScriptedNft nft = new ScriptedNft().thenOk(Resources.text("full.json")).thenAbsent();
        assertThat(new NftTableReader(nft).read()).isEmpty();
    }

    @Test
    void anyOtherFailureIsAnException() {
        ScriptedNft nft = new ScriptedNft().then(1, "", "Error: Could not process rule: Operation not permitted\n");
        assertThatThrownBy(() -> new NftTableReader(nft).read())
                .isInstanceOf(NftException.class)
                .hasMessage("'nft -j list table inet edgeplane' failed with exit code 1: Error: Could not process "
                        + "rule: Operation not permitted");
    }

    @Test
    void theTextListingIsReturnedAsPrinted() throws Exception {
        assertThat(new NftTableReader(new ScriptedNft().thenOk(Resources.text("full.txt"))).listText())
                .contains(Resources.text("full.txt"));
    }

    @Test
    void theDigestIsReadFromTheCommentLine() {
        assertThat(NftTableReader.digestInListing(Resources.text("small.txt"))).contains("67039138ea76fbe1");
        assertThat(NftTableReader.digestInListing("table inet edgeplane {\n\tcomment \"hello\"\n}\n")).isEmpty();
        assertThat(NftTableReader.digestInListing("table inet edgeplane {\n\tchain input {\n\t}\n}\n")).isEmpty();
        assertThat(NftTableReader.digestInListing("")).isEmpty();
    }
}
