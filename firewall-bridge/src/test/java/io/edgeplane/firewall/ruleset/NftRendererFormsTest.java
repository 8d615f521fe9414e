package io.edgeplane.firewall.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ruleset written as {@code nft list table} prints it, and the records that refuse what nft would not take. */
class NftRendererFormsTest {

    private final NftRenderer renderer = new NftRenderer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PT4M        | 4m
            PT1M30S     | 1m30s
            PT3H        | 3h
            PT12H30M    | 12h30m
            P35D        | 35d
            P1DT2H3M4S  | 1d2h3m4s
            PT59S       | 59s
            PT0.5S      | 1s
            PT0S        | 1s
            PT86400S    | 1d
            """)
    void durationsAsNftPrintsThem(Duration duration, String text) {
        assertThat(NftRenderer.duration(duration)).isEqualTo(text);
    }

    @Test
    void setsOfEachKind() {
        Ruleset ruleset = new Ruleset(List.of(
                new NftSet("zone_it_v4", "ipv4_addr", true, List.of("10.0.0.0/8", "192.168.1.7"), Optional.empty(), "z"),
                new NftSet("zone_lan_if", "ifname", false, List.of("\"eth1\""), Optional.empty(), "z"),
                new NftSet("empty", "ipv4_addr", true, List.of(), Optional.empty(), "z"),
                new NftSet("m_v6", "ipv6_addr", false, List.of(),
                        Optional.of(new NftSet.Meter(65_535, Duration.ofMinutes(4))), "m")),
                List.of(), List.of());

        assertThat(renderer.render(ruleset).text()).endsWith("""
                	set zone_it_v4 {
                		type ipv4_addr
                		flags interval
                		elements = { 10.0.0.0/8, 192.168.1.7 }
                	}

                	set zone_lan_if {
                		type ifname
                		elements = { "eth1" }
                	}

                	set empty {
                		type ipv4_addr
                		flags interval
                	}

                	set m_v6 {
                		type ipv6_addr
                		size 65535
                		flags dynamic,timeout
                		timeout 4m
                	}
                }
                """);
    }

    @Test
    void chainsWithAndWithoutAHook() {
        Ruleset ruleset = new Ruleset(List.of(), List.of(
                new NftChain("input", Optional.of(new NftChain.Hook("input", false)),
                        List.of(new NftRule("tcp dport 22 accept", "a"), new NftRule("goto input_deny", "b"))),
                new NftChain("input_deny", Optional.empty(), List.of(new NftRule("counter drop", "c"))),
                new NftChain("output", Optional.of(new NftChain.Hook("output", true)), List.of())),
                List.of());
        NftListing listing = renderer.render(ruleset);

        assertThat(listing.text()).isEqualTo("""
                table inet edgeplane {
                	comment "edgeplane ruleset %s"
                	chain input {
                		type filter hook input priority filter; policy drop;
                		tcp dport 22 accept
                		goto input_deny
                	}

                	chain input_deny {
                		counter drop
                	}

                	chain output {
                		type filter hook output priority filter; policy accept;
                	}
                }
                """.formatted(listing.digest()));
        assertThat(listing.origins()).hasSize(listing.text().lines().toList().size());
        assertThat(listing.originOf(5)).contains("a");
        assertThat(listing.originOf(6)).contains("b");
        assertThat(listing.originOf(10)).contains("c");
        assertThat(listing.originOf(4)).as("a chain's head").isEmpty();
    }

    @Test
    void theDigestIsOfTheBody() {
        Ruleset one = new Ruleset(List.of(), List.of(new NftChain("input", Optional.of(new NftChain.Hook("input", true)),
                List.of(new NftRule("tcp dport 22 accept", "a")))), List.of());
        Ruleset sameRulesOtherOrigins = new Ruleset(List.of(), List.of(new NftChain("input",
                Optional.of(new NftChain.Hook("input", true)), List.of(new NftRule("tcp dport 22 accept", "b")))),
                List.of("w"));
        Ruleset other = new Ruleset(List.of(), List.of(new NftChain("input", Optional.of(new NftChain.Hook("input", false)),
                List.of(new NftRule("tcp dport 22 accept", "a")))), List.of());

        assertThat(renderer.render(sameRulesOtherOrigins).digest()).isEqualTo(renderer.render(one).digest());
        assertThat(renderer.render(other).digest()).isNotEqualTo(renderer.render(one).digest());
    }

    @Test
    void theRecordsRefuseWhatNftWouldNot() {
        assertThatIllegalArgumentException().isThrownBy(() -> new NftRule("tcp dport 22 accept\ndrop", "x"))
                .withMessageStartingWith("a rule is one non-empty line");
        assertThatIllegalArgumentException().isThrownBy(() -> new NftRule(" ", "x"))
                .withMessageStartingWith("a rule is one non-empty line");
        assertThatIllegalArgumentException().isThrownBy(() -> new NftSet("m", "ipv4_addr", false, List.of("10.0.0.1"),
                Optional.of(new NftSet.Meter(1, Duration.ofMinutes(1))), "x")).withMessage("a dynamic set starts empty: m");
        assertThat(new NftChain.Hook("input", true).policy()).isEqualTo("accept");
        assertThat(new NftChain.Hook("input", false).policy()).isEqualTo("drop");
    }
}
