package io.edgeplane.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link CacheSettings} and the {@link TtlClamp}s it hands out for positive and negative answers. */
class CacheSettingsTest {

    private static CacheSettings settings(int entries, Duration min, Duration max, Duration negative) {
        return new CacheSettings(entries, min, max, negative);
    }

    @Test
    void refusesANegativeSize() {
        assertThatThrownBy(() -> settings(-1, Duration.ZERO, Duration.ofHours(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void refusesClampsOutOfOrder() {
        assertThatThrownBy(() -> settings(1, Duration.ofSeconds(-1), Duration.ofHours(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1, Duration.ofSeconds(61), Duration.ofSeconds(60), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1, Duration.ZERO, Duration.ofHours(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMissingDurations() {
        assertThatThrownBy(() -> settings(1, null, Duration.ofHours(1), Duration.ofHours(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("minTtl");
        assertThatThrownBy(() -> settings(1, Duration.ZERO, null, Duration.ofHours(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("maxTtl");
        assertThatThrownBy(() -> settings(1, Duration.ZERO, Duration.ofHours(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("maxNegativeTtl");
    }

    @Test
    void takesEqualClampsAndZeros() {
        assertThatNoException().isThrownBy(() -> settings(0, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO));
    }

    @Test
    void clampsPositiveAnswersBetweenTheMinimumAndTheMaximum() {
        TtlClamp clamp = settings(1, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5)).clamp(false);

        assertThat(clamp).isEqualTo(new TtlClamp(30, 3600));
        assertThat(clamp.apply(0)).isEqualTo(30);
        assertThat(clamp.apply(300)).isEqualTo(300);
        assertThat(clamp.apply(86400)).isEqualTo(3600);
    }

    @Test
    void clampsNegativeAnswersBetweenZeroAndTheNegativeMaximum() {
        // min_ttl is for positive answers only: a short negative answer stays short (RFC 2308 §5).
        TtlClamp clamp = settings(1, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5)).clamp(true);

        assertThat(clamp).isEqualTo(new TtlClamp(0, 300));
        assertThat(clamp.apply(5)).isEqualTo(5);
        assertThat(clamp.apply(3600)).isEqualTo(300);
    }

    @Test
    void countsWholeSecondsAndStopsAtTheLargestTtl() {
        // Sub-second parts cannot be a TTL; a ceiling past 2^31-1 s is the largest TTL there is.
        CacheSettings settings = settings(1, Duration.ofMillis(1999), Duration.ofDays(100_000), Duration.ofDays(100_000));

        assertThat(settings.clamp(false)).isEqualTo(new TtlClamp(1, WireRecords.MAX_TTL));
        assertThat(settings.clamp(true)).isEqualTo(new TtlClamp(0, WireRecords.MAX_TTL));
    }
}
