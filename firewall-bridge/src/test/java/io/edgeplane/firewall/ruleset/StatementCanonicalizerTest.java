package io.edgeplane.firewall.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each pair is what a rule was written as and what nft 1.0.6 listed it as. */
class StatementCanonicalizerTest {

    private final StatementCanonicalizer canonicalizer = new StatementCanonicalizer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "limit rate 3/minute burst 5 packets log prefix \"x: \" level warn | limit rate 3/minute log prefix \"x: \"",
        "limit rate 3/minute burst 10 packets log prefix \"x: \" | limit rate 3/minute burst 10 packets log prefix \"x: \"",
        "limit rate over 10/second burst 5 packets drop | limit rate over 10/second drop",
        "limit rate 10 mbytes/second burst 5 bytes accept | limit rate 10 mbytes/second burst 5 bytes accept",
        "update @m { ip saddr limit rate 25/minute burst 5 packets } accept | update @m { ip saddr limit rate 25/minute } accept",
        "update @m { ip saddr limit rate 25/minute burst 100 packets } accept | update @m { ip saddr limit rate 25/minute burst 100 packets } accept",
        "reject with icmpx type port-unreachable | reject",
        "reject with icmpx port-unreachable | reject",
        "reject with icmpx type admin-prohibited | reject with icmpx admin-prohibited",
        "reject with icmp type host-prohibited | reject with icmp host-prohibited",
        "reject with icmpv6 type admin-prohibited | reject with icmpv6 admin-prohibited",
        "reject with tcp reset | meta l4proto tcp reject with tcp reset",
        "ip saddr 1.2.3.4 counter reject with tcp reset comment \"x\" | meta l4proto tcp ip saddr 1.2.3.4 counter reject with tcp reset comment \"x\"",
        "tcp dport 25 reject with tcp reset | tcp dport 25 reject with tcp reset",
        "ip protocol tcp reject with tcp reset | ip protocol tcp reject with tcp reset",
        "iifname lo accept | iifname \"lo\" accept",
        "iif lo accept | iif \"lo\" accept",
        "iifname != lo accept | iifname != \"lo\" accept",
        "iifname br-* accept | iifname \"br-*\" accept",
        "iifname @zone_it_if accept | iifname @zone_it_if accept",
        "tcp dport { 80 } accept | tcp dport 80 accept",
        "tcp dport { 443, 80, 1000-2000, 22 } accept | tcp dport { 22, 80, 443, 1000-2000 } accept",
        "ip saddr { 10.0.0.0/8 } accept | ip saddr 10.0.0.0/8 accept",
        "ip saddr != { 192.168.0.0/16, 10.0.0.0/8 } accept | ip saddr != { 10.0.0.0/8, 192.168.0.0/16 } accept",
        "ip6 saddr { fd00::1, ::1 } accept | ip6 saddr { ::1, fd00::1 } accept",
        "ct state { established, related } accept | ct state { established, related } accept",
        "meta l4proto { tcp, udp } th dport 53 accept | meta l4proto { tcp, udp } th dport 53 accept",
    })
    void rewritesAsNftListsIt(String written, String listed) {
        assertThat(canonicalizer.canonical(written)).isEqualTo(listed);
    }

    @Test
    void quotedTextIsNeverChanged() {
        String rule = "log prefix \"reject with tcp reset level warn { 443, 80 } iifname lo \" flags all";
        assertThat(canonicalizer.canonical(rule)).isEqualTo(rule);
        assertThat(canonicalizer.canonical("tcp dport 22 accept comment \"limit rate 1/second burst 5 packets\""))
                .isEqualTo("tcp dport 22 accept comment \"limit rate 1/second burst 5 packets\"");
    }

    @Test
    void aCanonicalRuleStaysAsItIs() {
        String rule = "meta l4proto tcp ip saddr 198.18.0.66 reject with tcp reset";
        assertThat(canonicalizer.canonical(canonicalizer.canonical(rule))).isEqualTo(rule);
    }
}
