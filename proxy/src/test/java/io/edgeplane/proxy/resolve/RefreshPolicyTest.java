package io.edgeplane.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.proxy.ResolverConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {

    private final RefreshPolicy byTtl = RefreshPolicy.of(ResolverConfig.defaults());

    @Test
    void theTtlIsUsedWithinOneSecondAndOneHour() {
        assertThat(byTtl.refreshAfter(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(byTtl.refreshAfter(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(byTtl.refreshAfter(Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aZeroTtlIsFlooredSoTheServerIsNotAskedPerRequest() {
        assertThat(byTtl.refreshAfter(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLongTtlIsCappedSoAMoveIsNoticedWithinTheHour() {
        // /etc/hosts entries come with a TTL of one day.
        assertThat(byTtl.refreshAfter(Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        assertThat(byTtl.refreshAfter(Duration.ofSeconds(0xFFFF_FFFFL))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void validReplacesTheTtlWhateverItIs() {
        RefreshPolicy valid = new RefreshPolicy(Optional.of(Duration.ofSeconds(30)));

        assertThat(valid.refreshAfter(Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(valid.refreshAfter(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(valid.refreshAfter(Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(RefreshPolicy.of(new ResolverConfig(List.of(), Optional.of(Duration.ofSeconds(7)), Duration.ofSeconds(5)))
                .refreshAfter(Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void failuresAreRetriedBackingOffFromOneSecondToThirty() {
        Duration refresh = Duration.ofHours(1);

        assertThat(IntStream.rangeClosed(1, 8).mapToObj(n -> byTtl.retryAfter(n, refresh).toSeconds()).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(byTtl.retryAfter(Integer.MAX_VALUE, refresh)).isEqualTo(RefreshPolicy.MAX_RETRY);
    }

    @Test
    void aRetryNeverWaitsLongerThanAGoodAnswerWould() {
        assertThat(byTtl.retryAfter(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(byTtl.retryAfter(5, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> byTtl.retryAfter(0, Duration.ofSeconds(3))).isInstanceOf(IllegalArgumentException.class);
    }
}
