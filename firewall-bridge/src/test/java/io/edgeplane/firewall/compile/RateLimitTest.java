package io.edgeplane.firewall.compile;

import static io.edgeplane.firewall.compile.CompiledListing.INPUT_PING_DHCP;
import static io.edgeplane.firewall.compile.CompiledListing.INPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.chainNames;
import static io.edgeplane.firewall.compile.CompiledListing.concat;
import static io.edgeplane.firewall.compile.CompiledListing.ruleset;
import static io.edgeplane.firewall.compile.CompiledListing.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftSet;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rate-limited allow rules: a bucket per source address (an nftables meter, as {@code hashlimit --hashlimit-mode
 * srcip}) or one for everyone ({@code -m limit}), accepting up to the rate and denying the rest there and then.
 */
class RateLimitTest {

    private static NftSet meter(String name, String type, Duration timeout, String origin) {
        return new NftSet(name, type, false, List.of(), Optional.of(new NftSet.Meter(65_535, timeout)), origin);
    }

    @Test
    void aPerSourceRateIsAMeterPerIpVersion() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input:
                    allow: [{ port: 8080/tcp, rate: { per_source: 25/minute, burst: 100 } }]
                """);

        assertThat(ruleset.sets()).containsExactly(
                meter("input_meter_1_v4", "ipv4_addr", Duration.ofMinutes(4), "firewall.input.allow[0]"),
                meter("input_meter_1_v6", "ipv6_addr", Duration.ofMinutes(4), "firewall.input.allow[0]"));
        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "tcp dport 8080 update @input_meter_1_v4 { ip saddr limit rate 25/minute burst 100 packets } accept",
                "tcp dport 8080 update @input_meter_1_v6 { ip6 saddr limit rate 25/minute burst 100 packets } accept",
                "tcp dport 8080 goto input_deny",
                "goto input_deny")));
        assertThat(new NftRenderer().render(ruleset).text()).contains("""
                	set input_meter_1_v4 {
                		type ipv4_addr
                		size 65535
                		flags dynamic,timeout
                		timeout 4m
                	}

                	set input_meter_1_v6 {
                		type ipv6_addr
                		size 65535
                		flags dynamic,timeout
                		timeout 4m
                	}
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            25/minute  | 100 | 4m
            25/minute  | 5   | 1m
            10/second  | 5   | 1m
            1/minute   | 5   | 5m
            3/minute   | 10  | 3m20s
            7/minute   | 10  | 1m26s
            1/hour     | 3   | 3h
            100/day    | 50  | 12h
            1/week     | 5   | 35d
            2/hour     | 25  | 12h30m
            """)
    void aMeterForgetsASourceOnceItsBucketWouldBeFullAgain(String rate, int burst, String timeout) {
        // At least a minute; else the time the bucket takes to fill, rounded up to the second
        Ruleset ruleset = ruleset("firewall: { input: { allow: [{ port: 80/tcp, rate: { per_source: %s, burst: %d } }] } }\n"
                .formatted(rate, burst));

        assertThat(NftRenderer.duration(ruleset.sets().getFirst().dynamic().orElseThrow().timeout())).isEqualTo(timeout);
    }

    @Test
    void aTotalRateIsOneLimitAsMLimit() {
        assertThat(statements("""
                firewall:
                  input:
                    allow: [{ port: 8080/tcp, rate: { total: 25/minute, burst: 100 } }]
                """, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "tcp dport 8080 limit rate 25/minute burst 100 packets accept",
                "tcp dport 8080 goto input_deny",
                "goto input_deny")));
    }

    @Test
    void nftsDefaultBurstOfFiveIsNotWritten() {
        assertThat(statements("""
                firewall:
                  input:
                    policy: accept
                    allow:
                      - { port: 80/tcp, rate: { total: 10/second } }
                      - { port: 81/tcp, rate: { total: 10/second, burst: 5 } }
                      - { port: 82/tcp, rate: { per_source: 10/second } }
                """, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "tcp dport 80 limit rate 10/second accept",
                "tcp dport 80 goto input_deny",
                "tcp dport 81 limit rate 10/second accept",
                "tcp dport 81 goto input_deny",
                "tcp dport 82 update @input_meter_1_v4 { ip saddr limit rate 10/second } accept",
                "tcp dport 82 update @input_meter_1_v6 { ip6 saddr limit rate 10/second } accept",
                "tcp dport 82 goto input_deny")));
    }

    @Test
    void aTotalRateWithSeveralMatchesIsStillOneBucket() {
        // A limit on each match would be a bucket each: a packet past the IPv4 rule's bucket would try the next
        Ruleset ruleset = ruleset("""
                firewall:
                  zones:
                    lan: { interfaces: [eth1], cidrs: [192.168.1.0/24, "2001:db8::/32"] }
                  input:
                    allow:
                      - { from: lan, port: [22/tcp, 53/udp], rate: { total: 10/second, burst: 20 }, comment: shared }
                      - { from: lan, port: 80/tcp, rate: { total: 1/second } }
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "iifname @zone_lan_if tcp dport 22 goto input_rate_1 comment \"shared\"",
                "iifname @zone_lan_if udp dport 53 goto input_rate_1 comment \"shared\"",
                "ip saddr @zone_lan_v4 tcp dport 22 goto input_rate_1 comment \"shared\"",
                "ip saddr @zone_lan_v4 udp dport 53 goto input_rate_1 comment \"shared\"",
                "ip6 saddr @zone_lan_v6 tcp dport 22 goto input_rate_1 comment \"shared\"",
                "ip6 saddr @zone_lan_v6 udp dport 53 goto input_rate_1 comment \"shared\"",
                "iifname @zone_lan_if tcp dport 80 goto input_rate_2",
                "ip saddr @zone_lan_v4 tcp dport 80 goto input_rate_2",
                "ip6 saddr @zone_lan_v6 tcp dport 80 goto input_rate_2",
                "goto input_deny")));
        assertThat(chainNames(ruleset)).containsExactly("input", "input_rate_1", "input_rate_2", "input_deny");
        assertThat(statements(ruleset, "input_rate_1")).containsExactly(
                "limit rate 10/second burst 20 packets accept comment \"shared\"",
                "goto input_deny");
        assertThat(statements(ruleset, "input_rate_2")).containsExactly("limit rate 1/second accept", "goto input_deny");
        assertThat(ruleset.chain("input_rate_1").orElseThrow().hook()).isEmpty();
        assertThat(ruleset.sets().stream().map(NftSet::name)).as("no meter").containsExactly(
                "zone_lan_if", "zone_lan_v4", "zone_lan_v6");
    }

    @Test
    void aPerSourceRuleWithSeveralMatchesSharesItsMeters() {
        Ruleset ruleset = ruleset("""
                firewall:
                  zones:
                    lan: { interfaces: [eth1], cidrs: [192.168.1.0/24, "2001:db8::/32"] }
                  input:
                    allow:
                      - { from: lan, port: 22/tcp, rate: { per_source: 10/second }, comment: ssh }
                      - { from: 10.0.0.0/8, port: 9000/tcp, rate: { per_source: 1/hour, burst: 3 } }
                """);

        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP, List.of(
                "iifname @zone_lan_if tcp dport 22 update @input_meter_1_v4 { ip saddr limit rate 10/second } accept comment \"ssh\"",
                "iifname @zone_lan_if tcp dport 22 update @input_meter_1_v6 { ip6 saddr limit rate 10/second } accept comment \"ssh\"",
                "ip saddr @zone_lan_v4 tcp dport 22 update @input_meter_1_v4 { ip saddr limit rate 10/second } accept comment \"ssh\"",
                "ip6 saddr @zone_lan_v6 tcp dport 22 update @input_meter_1_v6 { ip6 saddr limit rate 10/second } accept comment \"ssh\"",
                "iifname @zone_lan_if tcp dport 22 goto input_deny comment \"ssh\"",
                "ip saddr @zone_lan_v4 tcp dport 22 goto input_deny comment \"ssh\"",
                "ip6 saddr @zone_lan_v6 tcp dport 22 goto input_deny comment \"ssh\"",
                "ip saddr 10.0.0.0/8 tcp dport 9000 update @input_meter_2_v4 { ip saddr limit rate 1/hour burst 3 packets } accept",
                "ip saddr 10.0.0.0/8 tcp dport 9000 goto input_deny",
                "goto input_deny")));
        assertThat(ruleset.sets().stream().map(NftSet::name)).containsExactly("zone_lan_if", "zone_lan_v4", "zone_lan_v6",
                "input_meter_1_v4", "input_meter_1_v6", "input_meter_2_v4", "input_meter_2_v6");
    }

    @Test
    void theExcessIsDeniedEvenWhenThePolicyAccepts() {
        // The seed's -j ACCEPT under -m limit, then -j DROP: the policy must not take in what the rate refused
        Ruleset ruleset = ruleset("""
                firewall:
                  input: { policy: accept, allow: [{ port: 8080/tcp, rate: { total: 25/minute, burst: 100 } }] }
                """);

        assertThat(statements(ruleset, "input")).endsWith(
                "tcp dport 8080 limit rate 25/minute burst 100 packets accept",
                "tcp dport 8080 goto input_deny");
        assertThat(statements(ruleset, "input_deny")).containsExactly("counter drop");
        assertThat(ruleset.chain("input").orElseThrow().hook()).contains(new NftChain.Hook("input", true));
    }

    @Test
    void eachChainHasItsOwnMetersAndRateChains() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input: { allow: [{ port: 22/tcp, rate: { per_source: 1/second } }] }
                  forward: { allow: [{ to: [10.0.0.1, "2001:db8::1"], port: 443/tcp, rate: { total: 100/second } }] }
                  output: { allow: [{ to: [10.0.0.1, "2001:db8::1"], port: 25/tcp, rate: { total: 10/minute } }] }
                """);

        assertThat(ruleset.sets().stream().map(NftSet::name)).containsExactly("input_meter_1_v4", "input_meter_1_v6");
        assertThat(chainNames(ruleset)).containsExactly("input", "input_deny", "forward", "forward_rate_1",
                "forward_deny", "output", "output_rate_1", "output_deny");
        assertThat(statements(ruleset, "forward_rate_1")).containsExactly("limit rate 100/second accept",
                "goto forward_deny");
    }

    @Test
    void aRateRuleThatCanMatchNothingIsWarnedAboutOnce() {
        Ruleset ruleset = ruleset("""
                firewall:
                  input:
                    allow:
                      - { from: 10.0.0.0/8, protocol: icmpv6, rate: { per_source: 1/second } }
                      - { from: 10.0.0.0/8, protocol: icmpv6, rate: { total: 1/second } }
                """);

        assertThat(ruleset.warnings()).startsWith(
                "firewall.input.allow[0] matches no packet: its addresses and protocol are of different IP versions",
                "firewall.input.allow[1] matches no packet: its addresses and protocol are of different IP versions")
                .hasSize(3).last().asString().contains("SSH");
        assertThat(statements(ruleset, "input")).containsExactlyElementsOf(concat(INPUT_START, INPUT_PING_DHCP,
                List.of("goto input_deny")));
    }
}
