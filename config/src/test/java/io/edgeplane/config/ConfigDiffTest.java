package io.edgeplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private EdgeplaneConfig parse(String yaml) throws InvalidConfigException {
        return loader.parse("f.yaml", yaml);
    }

    private static final String BASE = """
            node: {name: edge-1}
            logging: {level: info}
            admin:
              listen: 127.0.0.1:8404
              allow: [10.0.0.0/8]
            """;

    @Test
    void equalConfigsHaveNoChangedSections() throws Exception {
        assertThat(ConfigDiff.changedSections(parse(BASE), parse(BASE))).isEmpty();
    }

    @Test
    void theSameValuesWrittenDifferentlyAreNoChange() throws Exception {
        EdgeplaneConfig rewritten = parse("""
                admin: {allow: 10.1.2.3/8, listen: "127.0.0.1:8404"}
                logging: {level: INFO, format: text}
                node: {name: edge-1, shutdown_grace: 10000ms}
                """);

        assertThat(ConfigDiff.changedSections(parse(BASE), rewritten)).isEmpty();
    }

    @Test
    void aChangedAdminSectionIsNamed() throws Exception {
        EdgeplaneConfig after = parse(BASE.replace("[10.0.0.0/8]", "[10.0.0.0/8, 192.168.0.0/16]"));

        assertThat(ConfigDiff.changedSections(parse(BASE), after)).containsExactly("admin");
    }

    @Test
    void turningAdminOffIsAChange() throws Exception {
        EdgeplaneConfig after = parse("""
                node: {name: edge-1}
                """);

        assertThat(ConfigDiff.changedSections(parse(BASE), after)).containsExactly("admin");
    }

    @Test
    void changedSectionsAreListedInFileOrder() throws Exception {
        EdgeplaneConfig after = parse("""
                admin: {listen: "127.0.0.1:8405", allow: [10.0.0.0/8]}
                logging: {level: debug}
                node: {name: edge-1, shutdown_grace: 30s}
                """);

        assertThat(ConfigDiff.changedSections(parse(BASE), after)).containsExactly("node", "logging", "admin");
    }
}
