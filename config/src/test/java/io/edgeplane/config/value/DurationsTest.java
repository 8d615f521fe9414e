package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            250ms       | PT0.25S
            5s          | PT5S
            10m         | PT10M
            12h         | PT12H
            7d          | PT168H
            1m30s       | PT1M30S
            1d2h3m4s5ms | PT26H3M4.005S
            1h1h        | PT2H
            0           | PT0S
            0s          | PT0S
            ' 5s '      | PT5S
            10 s        | PT10S
            1m 30s      | PT1M30S
            """)
    void parsesEveryUnitAndCompounds(String text, Duration expected) throws Exception {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            5               | '5' has no unit after 5
            1m30            | '1m30' has no unit after 30
            5x              | 'x' in '5x' is not a time unit (ms, s, m, h, d)
            5S              | 'S' in '5S' is not a time unit (ms, s, m, h, d)
            5sec            | 'sec' in '5sec' is not a time unit (ms, s, m, h, d)
            -5s             | '-5s' is not a duration
            s               | 's' is not a duration
            1.5s            | '1.5s' has no unit after 1
            10 seconds      | 'seconds' in '10 seconds' is not a time unit (ms, s, m, h, d)
            9999999999999s  | '9999999999999s' is not a duration
            """)
    void rejectsBadDurations(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void anEmptyValueIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("  "))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("an empty value is not a duration");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PT0S            | 0s
            PT0.25S         | 250ms
            PT5S            | 5s
            PT90S           | 1m30s
            PT10M           | 10m
            PT168H          | 7d
            PT26H3M4.005S   | 1d2h3m4s5ms
            PT1H0.001S      | 1h1ms
            """)
    void formatWritesTheShortestForm(Duration duration, String text) {
        assertThat(Durations.format(duration)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "5s", "1m30s", "12h", "7d", "1d2h3m4s5ms", "0s", "90s", "3600s", "1500ms"})
    void formatParsesBackToTheSameDuration(String text) throws Exception {
        Duration parsed = Durations.parse(text);

        assertThat(Durations.parse(Durations.format(parsed))).isEqualTo(parsed);
    }
}
