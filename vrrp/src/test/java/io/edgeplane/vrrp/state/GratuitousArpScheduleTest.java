package io.edgeplane.vrrp.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** keepalived's gratuitous ARP sets as a schedule. */
class GratuitousArpScheduleTest {

    static final long S = 1_000_000_000L;

    @Test
    void becomingMasterSendsASetNowAndOneAfterTheDelay() {
        GratuitousArpSchedule schedule = new GratuitousArpSchedule(GratuitousArpSettings.KEEPALIVED_DEFAULTS);

        assertThat(schedule.becameMaster(100)).isEqualTo(5);
        assertThat(schedule.nextDeadline()).isEqualTo(100 + 5 * S);
        assertThat(schedule.due(100 + 5 * S - 1)).isZero();
        assertThat(schedule.due(100 + 5 * S)).isEqualTo(5);
        assertThat(schedule.pending()).isFalse();
    }

    @Test
    void refreshRepeatsAndLowerPrioritySetsAddUp() {
        GratuitousArpSchedule schedule = new GratuitousArpSchedule(new GratuitousArpSettings(Duration.ofSeconds(5),
                1, Duration.ofSeconds(10), 2, Duration.ofSeconds(3), 4));
        schedule.becameMaster(0);

        assertThat(schedule.lowerPriorityAdvert(2 * S)).isEqualTo(4);
        assertThat(schedule.nextDeadline()).isEqualTo(5 * S);
        assertThat(schedule.due(5 * S)).isEqualTo(1 + 4);
        assertThat(schedule.nextDeadline()).isEqualTo(10 * S);
        assertThat(schedule.due(10 * S)).isEqualTo(2);
        assertThat(schedule.nextDeadline()).isEqualTo(20 * S);
        schedule.cancel();
        assertThat(schedule.pending()).isFalse();
    }

    @Test
    void zeroDelayOrRepeatSchedulesNothingMore() {
        GratuitousArpSchedule schedule = new GratuitousArpSchedule(new GratuitousArpSettings(Duration.ZERO, 3,
                Duration.ZERO, 1, Duration.ofSeconds(1), 0));

        assertThat(schedule.becameMaster(0)).isEqualTo(3);
        assertThat(schedule.lowerPriorityAdvert(0)).isZero();
        assertThat(schedule.pending()).isFalse();
    }
}
