package io.edgeplane.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.ProblemList;
import io.edgeplane.config.Variables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableExpanderTest {

    private static final Mark AT = new Mark(7, 13);

    private final ProblemList problems = new ProblemList("t.yaml");
    private final VariableExpander expander = new VariableExpander(Variables.of(Map.of(
            "HOST", "db.internal",
            "PORT", "5432",
            "EMPTY", "",
            "_UNDER_1", "u",
            "DOLLAR", "${HOST}")));

    private Optional<String> expand(String text) {
        return expander.expand(text, AT, "a.b", problems);
    }

    private List<String> problems() {
        return problems.sorted().stream().map(ConfigProblem::toString).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ${HOST}                     | db.internal
            ${HOST}:${PORT}             | db.internal:5432
            tcp://${HOST}:${PORT}/x     | tcp://db.internal:5432/x
            ${_UNDER_1}                 | u
            ${HOST:-other}              | db.internal
            ${HOST-other}               | db.internal
            ${UNSET:-fallback}          | fallback
            ${UNSET-fallback}           | fallback
            ${UNSET:-}                  | ""
            ${UNSET-}                   | ""
            ${EMPTY:-fallback}          | fallback
            ${EMPTY-fallback}           | ""
            ${EMPTY}                    | ""
            ${UNSET:-a-b:-c}            | a-b:-c
            ${UNSET-a:-b}               | a:-b
            $${HOST}                    | ${HOST}
            $${UNSET}                   | ${UNSET}
            $host                       | $host
            $remote_addr:$server_port   | $remote_addr:$server_port
            $$                          | $$
            cost $5                     | cost $5
            ${DOLLAR}                   | ${HOST}
            no variables here           | no variables here
            """)
    void expands(String text, String expected) {
        assertThat(expand(text)).contains(expected);
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anUnsetVariableWithoutADefaultIsAProblemNamingIt() {
        assertThat(expand("${HOST}:${DB_PORT}")).isEmpty();

        assertThat(problems()).containsExactly(
                "t.yaml:7:13: a.b: environment variable DB_PORT is not set (expected: set DB_PORT, or give a default as ${DB_PORT:-value})");
    }

    @Test
    void everyUnsetVariableInOneValueIsReported() {
        assertThat(expand("${A}-${B}")).isEmpty();

        assertThat(problems.sorted()).extracting(ConfigProblem::message).containsExactly(
                "environment variable A is not set", "environment variable B is not set");
    }

    @Test
    void anUnterminatedReferenceIsAProblem() {
        assertThat(expand("${HOST")).isEmpty();

        assertThat(problems()).containsExactly(
                "t.yaml:7:13: a.b: unterminated variable reference in '${HOST' (expected: ${NAME}, ${NAME:-default} or $${ for a literal ${)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ${}         | '${}' does not name an environment variable
            ${1ABC}     | '${1ABC}' does not name an environment variable
            ${A.B}      | '${A.B}' does not name an environment variable
            ${A B}      | '${A B}' does not name an environment variable
            ${:-x}      | '${:-x}' does not name an environment variable
            ${-x}       | '${-x}' does not name an environment variable
            """)
    void anInvalidNameIsAProblem(String text, String message) {
        assertThat(expand(text)).isEmpty();

        assertThat(problems.sorted()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo(message);
            assertThat(p.mark()).isEqualTo(AT);
            assertThat(p.path()).isEqualTo("a.b");
            assertThat(p.expected()).contains("${NAME}, ${NAME:-default} or $${ for a literal ${");
        });
    }

    @Test
    void aValueOfAVariableIsNotExpandedAgain() {
        // DOLLAR holds "${HOST}": a secret may contain "${", and must arrive as written.
        assertThat(expand("${DOLLAR}")).contains("${HOST}");
    }
}
