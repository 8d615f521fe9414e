package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.edgeplane.config.ntp.NtpMakestepConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** chrony's makestep: above the threshold, within the first {@code limit} updates; -1 = always; 0 = never. */
class MakestepPolicyTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void stepsOnlyAboveTheThresholdAndWithinTheFirstUpdates() {
        MakestepPolicy policy = new MakestepPolicy(SECOND, 3);

        assertThat(policy.steps(2 * SECOND, 0)).isTrue();
        assertThat(policy.steps(-2 * SECOND, 2)).isTrue();
        assertThat(policy.steps(2 * SECOND, 3)).isFalse();
        assertThat(policy.steps(SECOND, 0)).as("strictly above, as chrony compares").isFalse();
        assertThat(policy.steps(-SECOND - 1, 0)).isTrue();
        assertThat(policy.steps(300_000_000L, 0)).isFalse();
    }

    @Test
    void minusOneStepsInAnyUpdateAndZeroNever() {
        assertThat(new MakestepPolicy(SECOND, MakestepPolicy.ALWAYS).steps(2 * SECOND, 1_000_000)).isTrue();
        assertThat(new MakestepPolicy(SECOND, 0).steps(2 * SECOND, 0)).isFalse();
        assertThat(MakestepPolicy.NEVER.steps(Long.MAX_VALUE, 0)).isFalse();
        assertThat(new MakestepPolicy(0, 1).steps(Long.MIN_VALUE, 0)).isTrue();
    }

    @Test
    void takesTheConfigsThresholdAndLimit() {
        assertThat(MakestepPolicy.from(new NtpMakestepConfig(Duration.ofMillis(100), -1)))
                .isEqualTo(new MakestepPolicy(100_000_000L, -1));
        assertThat(MakestepPolicy.from(NtpMakestepConfig.defaults())).isEqualTo(new MakestepPolicy(SECOND, 3));
    }

    @Test
    void nonsenseIsRefusedWithTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MakestepPolicy(-1, 3))
                .withMessage("makestep threshold must be 0 ns or more, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new MakestepPolicy(SECOND, -2))
                .withMessage("makestep limit must be -1 (any update), 0 (never) or a number of updates, got -2");
    }
}
