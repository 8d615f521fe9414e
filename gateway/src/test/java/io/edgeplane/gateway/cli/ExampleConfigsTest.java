package io.edgeplane.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import io.edgeplane.gateway.runtime.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file in {@code config/examples/} passes {@code edgeplane check}, as an operator would run it, and the seeds'
 * firewall scripts written in them compile to the rules their comments promise.
 */
class ExampleConfigsTest {

    static final Path EXAMPLES = Path.of("..", "config", "examples");

    @Test
    void everyExampleChecksOk() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(examples).extracting(p -> p.getFileName().toString()).contains("chronosync.yaml", "dynia-node.yaml");
        for (Path example : examples) {
            CommandLineTest.Result result = CommandLineTest.run("check", "--config", example.toString());
            assertThat(result.out()).as(example.toString()).isEqualTo("OK" + System.lineSeparator());
            assertThat(result.exitCode()).as(example.toString()).isZero();
        }
    }

    @Test
    void theShippedDefaultIsTheEmbeddedOne() throws IOException {
        Path shipped = Path.of("src", "main", "resources", "io", "edgeplane", "gateway", "default.yaml");
        assertThat(Files.readString(shipped)).isEqualTo(ConfigSource.Embedded.text());
    }

    @Test
    void theEmbeddedDefaultServesNoDhcp() throws Exception {
        // It runs unprivileged on loopback: a DHCP server needs port 67 and a real interface, so it has none.
        EdgeplaneConfig config = new ConfigSource.Embedded().load(new ConfigLoader(Variables.of(Map.of())));

        assertThat(config.dhcp()).isEmpty();
        assertThat(ConfigSource.Embedded.text()).doesNotContainPattern("(?m)^dhcp:");
    }

    @Test
    void chronosyncsFirewallIsTheSeedsIptablesScript() throws Exception {
        Ruleset ruleset = firewallOf("chronosync.yaml");

        assertThat(ruleset.warnings()).isEmpty();
        NftChain input = ruleset.chain("input").orElseThrow();
        assertThat(input.hook().orElseThrow().accept()).as("no default policy in the script: INPUT accepts").isTrue();
        assertThat(statements(input)).containsSubsequence(
                "ct state established,related accept",                          // --state RELATED,ESTABLISHED -j ACCEPT
                "iifname \"docker0\" accept comment \"Docker bridge traffic\"",  // -i docker0 -j ACCEPT
                // -m limit --limit 25/minute --limit-burst 100 -j ACCEPT: one bucket for every client
                "tcp dport 8080 limit rate 25/minute burst 100 packets accept comment \"proxy north, rate limited\"",
                "tcp dport 8080 goto input_deny comment \"proxy north, rate limited\"");   // then -j DROP
        assertThat(statements(ruleset.chain("input_deny").orElseThrow())).containsExactly("counter drop");

        NftChain forward = ruleset.chain("forward").orElseThrow();
        assertThat(forward.hook().orElseThrow().accept()).as("no FORWARD policy in the script either").isTrue();
        assertThat(statements(forward)).contains("ip saddr @zone_ot_v4 ip daddr @zone_it_v4 goto forward_deny"
                + " comment \"OT to IT network segmentation\"");
        assertThat(ruleset.chain("output")).isEmpty();
    }

    @Test
    void dyniaNodesFirewallIsTheSeedsUfwScript() throws Exception {
        Ruleset ruleset = firewallOf("dynia-node.yaml");

        assertThat(ruleset.warnings()).isEmpty();
        NftChain input = ruleset.chain("input").orElseThrow();
        assertThat(input.hook().orElseThrow().accept()).as("ufw default deny incoming").isFalse();
        assertThat(statements(input)).containsSubsequence(
                "tcp dport 22 accept comment \"SSH access\"",
                "tcp dport 80 accept comment \"HTTP traffic\"",
                "tcp dport 443 accept comment \"HTTPS traffic\"",
                "ip saddr @zone_cluster_v4 meta l4proto { tcp, udp } th dport 8404 accept comment \"HAProxy stats internal\"",
                "ip saddr 224.0.0.0/8 accept comment \"VRRP multicast\"",
                "ip daddr 224.0.0.0/8 accept comment \"VRRP multicast\"",
                "ip saddr @zone_cluster_v4 accept comment \"Inter-node communication\"",
                "ip saddr @zone_docker_v4 accept comment \"Docker networks\"",
                "iifname \"eth0\" ip daddr 224.0.0.18 meta l4proto vrrp accept",  // auto_allow: vrrp VI_1's adverts
                "goto input_deny");
        assertThat(statements(ruleset.chain("input_deny").orElseThrow())).containsExactly(
                "limit rate 3/minute burst 10 packets log prefix \"edgeplane drop input: \"", "counter drop");
        assertThat(ruleset.chain("forward")).as("routing stays with Docker's rules").isEmpty();
        assertThat(ruleset.chain("output")).as("ufw default allow outgoing").isEmpty();
    }

    private static Ruleset firewallOf(String example) throws Exception {
        EdgeplaneConfig config = new ConfigLoader(Variables.of(Map.of())).load(EXAMPLES.resolve(example));
        return new FirewallCompiler().compile(config);
    }

    private static List<String> statements(NftChain chain) {
        return chain.rules().stream().map(NftRule::statement).toList();
    }
}
