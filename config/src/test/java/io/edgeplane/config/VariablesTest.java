package io.edgeplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {

    @Test
    void ofLooksUpACopyOfTheMap() {
        Map<String, String> values = new HashMap<>(Map.of("A", "1", "EMPTY", ""));
        Variables variables = Variables.of(values);
        values.put("B", "2");

        assertThat(variables.lookup("A")).contains("1");
        assertThat(variables.lookup("EMPTY")).contains("");
        assertThat(variables.lookup("B")).isEmpty();
        assertThat(variables.lookup("a")).isEmpty();
    }

    @Test
    void environmentReadsTheProcessEnvironment() {
        String name = System.getenv().keySet().stream().findFirst().orElseThrow();

        assertThat(Variables.environment().lookup(name)).contains(System.getenv(name));
        assertThat(Variables.environment().lookup("EDGEPLANE_TEST_SURELY_UNSET_9f2c")).isEmpty();
    }
}
