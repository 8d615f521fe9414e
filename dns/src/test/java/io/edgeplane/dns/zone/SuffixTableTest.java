package io.edgeplane.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Longest-suffix matching on whole labels, without substrings. */
class SuffixTableTest {

    private final SuffixTable<String> table = new SuffixTable<>(Map.of(
            "local", "local", "app1.local", "app1", "a.b.example", "ab", "org", "org"));

    @Test
    void theLongestMatchOnALabelBoundaryWins() {
        assertThat(table.longestMatch("app1.local")).isEqualTo("app1");
        assertThat(table.longestMatch("x.y.app1.local")).isEqualTo("app1");
        assertThat(table.longestMatch("xapp1.local")).isEqualTo("local");
        assertThat(table.longestMatch("local")).isEqualTo("local");
        assertThat(table.longestMatch("z.a.b.example")).isEqualTo("ab");
    }

    @Test
    void noMatchIsNull() {
        assertThat(table.longestMatch("b.example")).isNull();
        assertThat(table.longestMatch("example")).isNull();
        assertThat(table.longestMatch("localx")).isNull();
        assertThat(table.longestMatch("")).isNull();
        assertThat(new SuffixTable<String>(Map.of()).longestMatch("app1.local")).isNull();
    }

    @Test
    void manyKeysAllFound() {
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            keys.put("svc" + i + ".local", i);
        }
        SuffixTable<Integer> big = new SuffixTable<>(keys);
        for (int i = 0; i < 1000; i++) {
            assertThat(big.longestMatch("x.svc" + i + ".local")).isEqualTo(i);
        }
        assertThat(big.longestMatch("svc1000.local")).isNull();
    }
}
