package io.edgeplane.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.gateway.runtime.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in {@code config/examples/} passes {@code edgeplane check}, as an operator would run it. */
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
}
