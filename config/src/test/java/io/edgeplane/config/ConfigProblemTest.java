package io.edgeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.config.yaml.Mark;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void printsFileLineColumnPathMessageAndExpected() {
        ConfigProblem problem = new ConfigProblem("conf/edge.yaml", new Mark(3, 11), "admin.listen",
                "'abc' is not host:port", Optional.of("host:port"));

        assertThat(problem).hasToString("conf/edge.yaml:3:11: admin.listen: 'abc' is not host:port (expected: host:port)");
    }

    @Test
    void leavesOutAnEmptyPathAndAMissingExpected() {
        ConfigProblem problem = new ConfigProblem("<embedded default>", Mark.START, "", "no such file", Optional.empty());

        assertThat(problem).hasToString("<embedded default>:1:1: no such file");
    }

    @Test
    void problemListSortsByLineThenColumnAndKeepsTheOrderOfTies() {
        ProblemList problems = new ProblemList("f.yaml");
        problems.add(new Mark(10, 1), "c", "third");
        problems.add(new Mark(2, 9), "b", "second", "x");
        problems.add(new Mark(2, 3), "a", "first");
        problems.add(new Mark(10, 1), "d", "fourth");

        assertThat(problems.isEmpty()).isFalse();
        assertThat(problems.source()).isEqualTo("f.yaml");
        assertThat(problems.sorted()).extracting(ConfigProblem::toString).containsExactly(
                "f.yaml:2:3: a: first",
                "f.yaml:2:9: b: second (expected: x)",
                "f.yaml:10:1: c: third",
                "f.yaml:10:1: d: fourth");
    }

    @Test
    void anInvalidConfigHasAtLeastOneProblem() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidConfigException(List.of()));
    }

    @Test
    void marksStartAtOne() {
        assertThat(Mark.START).isEqualTo(new Mark(1, 1));
        assertThat(new Mark(12, 4)).hasToString("12:4");
        assertThatIllegalArgumentException().isThrownBy(() -> new Mark(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Mark(1, 0));
    }
}
