package io.edgeplane.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ProblemList;
import io.edgeplane.config.Variables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nested aliases cannot make a config load do exponential work ("billion laughs"). */
class AliasExpansionLimitTest {

    private final YamlTreeReader reader = new YamlTreeReader(new VariableExpander(Variables.of(Map.of())));

    @Test
    void exponentialAliasesAreRefused() {
        String laughs = """
                a: &a [x, x, x, x, x, x, x, x, x, x]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
                g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
                """;
        ProblemList problems = new ProblemList("laughs.yaml");
        assertThat(reader.read(laughs, problems)).isEmpty();
        assertThat(problems.sorted()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("expands to more than 100000 nodes");
            assertThat(p.mark().line()).as("reported where the limit is crossed: %s", p).isBetween(5, 7);
        });
    }

    @Test
    void ordinaryReuseIsFine() {
        String yaml = """
                defaults: &defaults { interval: 5s, fall: 3, rise: 2 }
                a: *defaults
                b: { <<: *defaults, fall: 5 }
                """;
        ProblemList problems = new ProblemList("ok.yaml");
        assertThat(reader.read(yaml, problems)).isPresent();
        assertThat(problems.isEmpty()).isTrue();
    }
}
