package io.edgeplane.config.bind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.config.firewall.FlowPeer;
import io.edgeplane.config.value.DataSize;
import io.edgeplane.config.value.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigRendererTest {

    private static final String FULL = """
            node:
              name: edge-1
              shutdown_grace: 90s
            logging:
              format: json
              level: debug
            admin:
              listen: "[::1]:9000"
              auth:
                user: admin
                password: ${ADMIN_PASSWORD}
              allow: [10.1.2.3/8, "2001:db8::1/32"]
              deny: 10.1.2.3
            """;

    private final ConfigRenderer renderer = new ConfigRenderer(ScalarTypes.standard());
    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of("ADMIN_PASSWORD", "s3cret-pw")));

    @Test
    void rendersSnakeCaseKeysAndTheYamlFormOfEveryValue() throws Exception {
        Map<String, Object> tree = renderer.render(loader.parse("full.yaml", FULL));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("node", Map.of("name", "edge-1", "shutdown_grace", "1m30s"));
        expected.put("logging", Map.of("format", "json", "level", "debug"));
        expected.put("admin", Map.of(
                "listen", "[::1]:9000",
                "auth", Map.of("user", "admin", "password", ConfigRenderer.REDACTED),
                "allow", List.of("10.0.0.0/8", "2001:db8::/32"),
                "deny", List.of("10.1.2.3/32")));
        assertThat(tree).isEqualTo(expected);
        assertThat(tree.keySet()).containsExactly("node", "logging", "admin");
        assertThat(List.copyOf(((Map<?, ?>) tree.get("admin")).keySet())).isEqualTo(List.of("listen", "auth", "allow", "deny"));
    }

    @Test
    void neverRendersTheSecretItself() throws Exception {
        Map<String, Object> tree = renderer.render(loader.parse("full.yaml", FULL));

        assertThat(tree.toString()).doesNotContain("s3cret-pw").contains("password=<redacted>");
    }

    @Test
    void omitsEmptyOptionals() throws Exception {
        Map<String, Object> tree = renderer.render(loader.parse("empty.yaml", ""));

        assertThat(tree).containsOnlyKeys("node", "logging");
        assertThat(tree.get("node")).isEqualTo(Map.of("shutdown_grace", "10s"));
        assertThat(tree.get("logging")).isEqualTo(Map.of("format", "text", "level", "info"));
    }

    @Test
    void anAdminSectionWithoutAuthHasNoAuthKey() throws Exception {
        Map<String, Object> tree = renderer.render(loader.parse("a.yaml", "admin:"));

        assertThat(tree.get("admin")).isEqualTo(Map.of("listen", "127.0.0.1:8404", "allow", List.of(), "deny", List.of()));
    }

    @Test
    void whatIsRenderedLoadsBackToTheSameConfig() throws Exception {
        String withoutSecret = FULL.replace("""
                  auth:
                    user: admin
                    password: ${ADMIN_PASSWORD}
                """, "");
        EdgeplaneConfig config = loader.parse("full.yaml", withoutSecret);

        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(renderer.render(config));

        assertThat(loader.parse("rendered.yaml", yaml)).isEqualTo(config);
    }

    enum Mode {
        FAST {
            @Override
            int weight() {
                return 2;
            }
        },
        SLOW;

        int weight() {
            return 1;
        }
    }

    record Sample(InetAddress v4, InetAddress v6, Mode fast, Mode slow, int workers, boolean enabled,
            DataSize buffer, Duration timeout, @Secret Optional<String> token, @Secret Optional<String> unset,
            Map<String, Duration> timeouts) {
    }

    @Test
    void rendersTypesWhoseValuesAreSubclassesInTheirYamlForm() throws Exception {
        Sample sample = new Sample(IpAddresses.parse("192.0.2.1"), IpAddresses.parse("2001:db8::1"), Mode.FAST,
                Mode.SLOW, 4, true, DataSize.ofKibibytes(16), Duration.ofMillis(250), Optional.of("t0ken"),
                Optional.empty(), Map.of("read", Duration.ofMinutes(1)));

        Map<String, Object> tree = renderer.render(sample);

        assertThat(tree).containsExactly(
                Map.entry("v4", "192.0.2.1"),
                Map.entry("v6", "2001:db8::1"),
                Map.entry("fast", "fast"),
                Map.entry("slow", "slow"),
                Map.entry("workers", 4),
                Map.entry("enabled", true),
                Map.entry("buffer", "16KiB"),
                Map.entry("timeout", "250ms"),
                Map.entry("token", ConfigRenderer.REDACTED),
                Map.entry("timeouts", Map.of("read", "1m")));
    }

    record Peers(List<FlowPeer> from) {
    }

    @Test
    void rendersRecordsOfARegisteredSealedInterfaceInTheirYamlForm() throws Exception {
        // FlowPeer is registered; its values are its records Zone and Block, which must not come out as mappings
        Peers peers = new Peers(List.of(new FlowPeer.Zone("cluster"),
                new FlowPeer.Block(io.edgeplane.config.value.Cidr.parse("10.0.0.0/8"))));

        assertThat(renderer.render(peers)).containsExactly(Map.entry("from", List.of("cluster", "10.0.0.0/8")));
    }
}
