package io.edgeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** An unset ${VAR} is reported once, as unset, not again as a bad value of the key's type. */
class UnsetVariableReportTest {

    @Test
    void unsetVariableIsOneProblem() {
        ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> loader.parse("f.yaml", "admin:\n  listen: ${ADMIN_LISTEN}\n"));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "f.yaml:2:11: admin.listen: environment variable ADMIN_LISTEN is not set"
                        + " (expected: set ADMIN_LISTEN, or give a default as ${ADMIN_LISTEN:-value})");
    }
}
