package io.edgeplane.config.bind;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyNamesTest {

    private static final List<String> ADMIN_KEYS = List.of("listen", "auth", "allow", "deny");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            listen                  | listen
            shutdownGrace           | shutdown_grace
            maxIdleTimePerUpstream  | max_idle_time_per_upstream
            ipv6Only                | ipv6_only
            a                       | a
            """)
    void toKeyTurnsCamelCaseIntoSnakeCase(String component, String key) {
        assertThat(KeyNames.toKey(component)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            lisen       | listen
            listne      | listen
            Listen      | listen
            LISTEN      | listen
            auht        | auth
            alow        | allow
            denny       | deny
            """)
    void closestSuggestsATypo(String unknown, String suggestion) {
        assertThat(KeyNames.closest(unknown, ADMIN_KEYS)).contains(suggestion);
    }

    @Test
    void closestSuggestsTheSnakeCaseKeyForADashedOrCamelSpelling() {
        List<String> keys = List.of("name", "shutdown_grace");

        assertThat(KeyNames.closest("shutdown-grace", keys)).contains("shutdown_grace");
        assertThat(KeyNames.closest("SHUTDOWN-GRACE", keys)).contains("shutdown_grace");
        assertThat(KeyNames.closest("shutdownGrace", keys)).contains("shutdown_grace");
    }

    @Test
    void closestSuggestsNothingForAKeyThatIsNotATypo() {
        assertThat(KeyNames.closest("zzzzzz", ADMIN_KEYS)).isEmpty();
        assertThat(KeyNames.closest("port", ADMIN_KEYS)).isEmpty();
        assertThat(KeyNames.closest("listen_address", ADMIN_KEYS)).isEmpty();
        assertThat(KeyNames.closest("anything", List.of())).isEmpty();
    }

    @Test
    void aShortKeyAllowsOnlyOneEdit() {
        // "ab" is two edits from "auth"; under six letters only one edit counts as a typo.
        assertThat(KeyNames.closest("ath", ADMIN_KEYS)).contains("auth");
        assertThat(KeyNames.closest("ah", ADMIN_KEYS)).isEmpty();
    }

    @Test
    void aLongerKeyAllowsMoreEdits() {
        List<String> keys = List.of("shutdown_grace");

        assertThat(KeyNames.closest("shutdwn_grce", keys)).contains("shutdown_grace");
        assertThat(KeyNames.closest("shtdwn_grc", keys)).isEmpty();
    }

    @Test
    void onATieTheFirstKnownKeyWins() {
        assertThat(KeyNames.closest("ab", List.of("ac", "ad"))).contains("ac");
        assertThat(KeyNames.closest("ab", List.of("ad", "ac"))).contains("ad");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""          | ""        | 0
            ""          | abc       | 3
            abc         | ""        | 3
            listen      | listen    | 0
            lisen       | listen    | 1
            listenn     | listen    | 1
            lasten      | listen    | 1
            listne      | listen    | 1
            ab          | ba        | 1
            kitten      | sitting   | 3
            ca          | abc       | 3
            flaw        | lawn      | 2
            """)
    void distanceIsOptimalStringAlignment(String a, String b, int distance) {
        assertThat(KeyNames.distance(a, b)).isEqualTo(distance);
        assertThat(KeyNames.distance(b, a)).isEqualTo(distance);
    }
}
