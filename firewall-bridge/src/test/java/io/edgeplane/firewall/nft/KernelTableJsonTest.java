package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.firewall.testing.Resources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** On {@code nft -j list table inet edgeplane} output captured from nft 1.0.6 holding SampleRulesets.full(). */
class KernelTableJsonTest {

    private final KernelTableJson json = new KernelTableJson();

    @Test
    void readsChainsWithHooksPoliciesAndRuleCounts() throws Exception {
        KernelTable table = json.parse(Resources.text("full.json"), "inet", "edgeplane");
        assertThat(table.chains()).containsExactly(
                new KernelChain("input", Optional.of("input"), Optional.of("drop"), 10),
                new KernelChain("input_deny", Optional.empty(), Optional.empty(), 2),
                new KernelChain("output", Optional.of("output"), Optional.of("accept"), 1));
    }

    @Test
    void readsSetElementsInNftsTextForm() throws Exception {
        KernelTable table = json.parse(Resources.text("full.json"), "inet", "edgeplane");
        assertThat(table.sets()).containsExactly(
                new KernelSet("zone_it_v4", "ipv4_addr", List.of("interval"),
                        List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.1.7", "198.18.0.10-198.18.0.20")),
                new KernelSet("zone_it_if", "ifname", List.of("interval"),
                        List.of("\"br-*\"", "\"docker0\"", "\"eth0\"")),
                new KernelSet("zone_lab_v6", "ipv6_addr", List.of("interval"), List.of("2001:db8::1", "fd00::/8")),
                // nft 1.0.6's JSON names the flag timeout, not dynamic
                new KernelSet("rate_input_allow_2", "ipv4_addr", List.of("timeout"), List.of()));
    }

    @Test
    void aDynamicSetsMembersAreTheirValuesAlone() throws Exception {
        KernelTable table = json.parse(Resources.text("full-with-meter.json"), "inet", "edgeplane");
        assertThat(table.set("rate_input_allow_2").orElseThrow().elements())
                .containsExactly("198.18.0.8", "198.18.0.9");
    }

    @Test
    void nft106LeavesTheCommentOutOfItsJson() throws Exception {
        assertThat(json.parse(Resources.text("full.json"), "inet", "edgeplane").digest()).isEmpty();
    }

    @Test
    void aCommentInTheJsonGivesTheDigest() throws Exception {
        String withComment = Resources.text("small.json").replace("\"handle\": 40}",
                "\"handle\": 40, \"comment\": \"edgeplane ruleset 67039138ea76fbe1\"}");
        assertThat(json.parse(withComment, "inet", "edgeplane").digest()).contains("67039138ea76fbe1");
        String foreign = Resources.text("small.json").replace("\"handle\": 40}",
                "\"handle\": 40, \"comment\": \"made by hand\"}");
        assertThat(json.parse(foreign, "inet", "edgeplane").digest()).isEmpty();
    }

    @Test
    void elementsOfEveryShapeAreWrittenAsNftWritesThem() throws Exception {
        String set = """
                {"nftables": [{"table": {"family": "inet", "name": "edgeplane", "handle": 1}},
                 {"set": {"family": "inet", "name": "s", "table": "edgeplane", "type": "inet_service",
                   "flags": "interval", "elem": [22, {"range": [1000, 2000]}, {"elem": {"val": 443, "comment": "x"}}]}},
                 {"set": {"family": "inet", "name": "c", "table": "edgeplane", "type": ["ipv4_addr", "inet_service"],
                   "elem": [{"concat": ["10.0.0.1", 22]}]}}]}
                """;
        KernelTable table = json.parse(set, "inet", "edgeplane");
        assertThat(table.set("s").orElseThrow()).isEqualTo(
                new KernelSet("s", "inet_service", List.of("interval"), List.of("22", "1000-2000", "443")));
        assertThat(table.set("c").orElseThrow()).isEqualTo(
                new KernelSet("c", "ipv4_addr . inet_service", List.of(), List.of("10.0.0.1 . 22")));
    }

    @Test
    void otherTablesAreIgnored() throws Exception {
        String two = """
                {"nftables": [{"table": {"family": "inet", "name": "edgeplane", "handle": 1}},
                 {"table": {"family": "ip", "name": "edgeplane", "handle": 2}},
                 {"chain": {"family": "ip", "table": "edgeplane", "name": "input", "handle": 1}},
                 {"rule": {"family": "ip", "table": "edgeplane", "chain": "input", "handle": 2, "expr": []}}]}
                """;
        assertThat(json.parse(two, "inet", "edgeplane").chains()).isEmpty();
    }

    @Test
    void whatIsNotNftsJsonIsAnException() {
        assertThatThrownBy(() -> json.parse("table inet edgeplane {", "inet", "edgeplane"))
                .isInstanceOf(NftException.class)
                .hasMessageStartingWith("nft's JSON listing of table inet edgeplane does not parse: ");
        assertThatThrownBy(() -> json.parse("{\"tables\": []}", "inet", "edgeplane"))
                .isInstanceOf(NftException.class)
                .hasMessageContaining("has no \"nftables\" array");
        assertThatThrownBy(() -> json.parse("{\"nftables\": [{\"metainfo\": {}}]}", "inet", "edgeplane"))
                .isInstanceOf(NftException.class)
                .hasMessageStartingWith("nft's JSON listing holds no table inet edgeplane: got ");
    }
}
