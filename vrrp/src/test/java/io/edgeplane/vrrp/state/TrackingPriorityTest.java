package io.edgeplane.vrrp.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** keepalived's weights: positive counts when up, negative when down, zero faults. */
class TrackingPriorityTest {

    @Test
    void weightsCountAsKeepalivedCountsThem() {
        assertThat(TrackingPriority.contribution(20, true)).isEqualTo(20);
        assertThat(TrackingPriority.contribution(20, false)).isZero();
        assertThat(TrackingPriority.contribution(-30, true)).isZero();
        assertThat(TrackingPriority.contribution(-30, false)).isEqualTo(-30);
        assertThat(TrackingPriority.faults(0, false)).isTrue();
        assertThat(TrackingPriority.faults(0, true)).isFalse();
        assertThat(TrackingPriority.faults(-30, false)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> TrackingPriority.contribution(255, true));
    }

    @Test
    void theEffectivePriorityStaysWithinOneTo254AndTheOwnerIsNeverMoved() {
        assertThat(TrackingPriority.effective(100, 50)).isEqualTo(150);
        assertThat(TrackingPriority.effective(100, 500)).isEqualTo(254);
        assertThat(TrackingPriority.effective(100, -500)).isEqualTo(1);
        assertThat(TrackingPriority.effective(255, -100)).isEqualTo(255);
        assertThat(TrackingPriority.effective(254, 10)).isEqualTo(254);
    }
}
