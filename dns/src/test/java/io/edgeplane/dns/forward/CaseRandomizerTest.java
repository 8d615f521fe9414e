package io.edgeplane.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseRandomizerTest {

    private final CaseRandomizer randomizer = new CaseRandomizer(new Random(7));

    @Test
    void flipsOnlyLettersAndKeepsTheName() {
        String name = "www-1.example_2.com";
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String scrambled = randomizer.apply(name);
            assertThat(scrambled).isEqualToIgnoringCase(name);
            assertThat(scrambled.replaceAll("[A-Za-z]", "")).isEqualTo(name.replaceAll("[A-Za-z]", ""));
            seen.add(scrambled);
        }
        // 14 letters: 100 draws of 16,384 cases are all different but for a rare collision.
        assertThat(seen).hasSizeGreaterThan(95);
    }

    @Test
    void coversNamesLongerThan64Letters() {
        String name = "a".repeat(63) + "." + "b".repeat(63);
        String scrambled = randomizer.apply(name);
        assertThat(scrambled.substring(64).chars().filter(Character::isUpperCase).count()).isBetween(10L, 53L);
    }
}
