package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import io.edgeplane.firewall.testing.Resources;
import io.edgeplane.firewall.testing.SampleRulesets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableVerifierTest {

    private final TableVerifier verifier = new TableVerifier();
    private final Ruleset full = SampleRulesets.full();
    private final String digest = new NftRenderer().render(full).digest();

    /** What nft 1.0.6 read back after loading SampleRulesets.full(), with its digest. */
    private KernelTable kernel() throws NftException {
        return new KernelTableJson().parse(Resources.text("full-with-meter.json"), "inet", "edgeplane")
                .withDigest(Optional.of(digest));
    }

    @Test
    void theKernelsCopyOfTheRulesetIsVerified() throws Exception {
        assertThat(verifier.verify(full, digest, kernel())).isEmpty();
    }

    @Test
    void elementsWrittenDifferentlyButMeaningTheSameAreTheSame() throws Exception {
        Ruleset sameBlocks = SampleRulesets.withItCidrs(
                List.of("198.18.0.10-198.18.0.20", "10.9.9.9/8", "172.16.0.0-172.31.255.255", "192.168.1.7/32"));
        assertThat(verifier.verify(sameBlocks, digest, kernel())).isEmpty();
    }

    @Test
    void anotherDigestOrNoneIsAMismatch() throws Exception {
        assertThat(verifier.verify(full, digest, kernel().withDigest(Optional.of("0000000000000000"))))
                .containsExactly("the kernel's table carries ruleset 0000000000000000, expected " + digest);
        assertThat(verifier.verify(full, digest, kernel().withDigest(Optional.empty())))
                .containsExactly("the kernel's table carries no edgeplane ruleset comment, expected ruleset "
                        + digest);
    }

    @Test
    void aRuleTooManyOrTooFewIsAMismatch() throws Exception {
        Ruleset oneMore = SampleRulesets.withInputRules(List.of(new NftRule("tcp dport 443 accept", "x")));
        assertThat(verifier.verify(oneMore, digest, kernel()))
                .containsExactly("chain input has 10 rules in the kernel, expected 11");
    }

    @Test
    void chainsAreComparedByHookPolicyAndPresence() throws Exception {
        KernelTable kernel = kernel();
        List<KernelChain> chains = new ArrayList<>(List.of(
                new KernelChain("input", Optional.of("forward"), Optional.of("accept"), 10),
                new KernelChain("input_deny", Optional.of("input"), Optional.of("drop"), 2),
                new KernelChain("stray", Optional.empty(), Optional.empty(), 0)));
        KernelTable altered = new KernelTable(kernel.digest(), chains, kernel.sets());
        assertThat(verifier.verify(full, digest, altered)).containsExactly(
                "chain input has hook forward in the kernel, expected hook input",
                "chain input has policy accept in the kernel, expected drop",
                "chain input_deny has hook input in the kernel, expected no hook (a regular chain)",
                "chain output is missing from the kernel's table",
                "chain stray is in the kernel's table but not in the ruleset");
    }

    @Test
    void setsAreComparedByTypeAndElementsAndDynamicOnesByPresence() throws Exception {
        KernelTable kernel = kernel();
        List<KernelSet> sets = List.of(
                new KernelSet("zone_it_v4", "ipv4_addr", List.of("interval"),
                        List.of("10.0.0.0/8", "192.168.1.7", "198.18.0.10-198.18.0.20", "203.0.113.0/24")),
                new KernelSet("zone_it_if", "ipv4_addr", List.of("interval"), List.of()),
                new KernelSet("stray", "ifname", List.of(), List.of()));
        KernelTable altered = new KernelTable(kernel.digest(), kernel.chains(), sets);
        assertThat(verifier.verify(full, digest, altered)).containsExactly(
                "set zone_it_v4 lacks 172.16.0.0/12 in the kernel",
                "set zone_it_v4 has 203.0.113.0/24 in the kernel, which the ruleset does not",
                "set zone_it_if has type ipv4_addr in the kernel, expected ifname",
                "set zone_lab_v6 is missing from the kernel's table",
                "set rate_input_allow_2 is missing from the kernel's table",
                "set stray is in the kernel's table but not in the ruleset");
    }
}
