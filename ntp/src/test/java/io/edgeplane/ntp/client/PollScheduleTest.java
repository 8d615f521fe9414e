package io.edgeplane.ntp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void iburstAsksFourTimesTwoSecondsApartThenAtMinpoll() {
        PollSchedule schedule = new PollSchedule(6, 10, true);

        assertThat(schedule.nextIntervalNanos()).isEqualTo(2 * SECOND);
        assertThat(schedule.nextIntervalNanos()).isEqualTo(2 * SECOND);
        assertThat(schedule.nextIntervalNanos()).isEqualTo(2 * SECOND);
        assertThat(schedule.nextIntervalNanos()).isEqualTo(2 * SECOND);
        assertThat(schedule.nextIntervalNanos()).isEqualTo(64 * SECOND);
    }

    @Test
    void withoutIburstTheFirstIntervalIsMinpoll() {
        assertThat(new PollSchedule(4, 10, false).nextIntervalNanos()).isEqualTo(16 * SECOND);
        assertThat(new PollSchedule(-2, 10, false).nextIntervalNanos()).isEqualTo(SECOND / 4);
    }

    @Test
    void theReachRegisterShiftsInEachPollsOutcome() {
        PollSchedule schedule = new PollSchedule(6, 10, false);

        schedule.polled(true);
        schedule.polled(false);
        schedule.polled(true);

        assertThat(schedule.reach()).isEqualTo(0b101);
        for (int i = 0; i < 8; i++) {
            schedule.polled(false);
        }
        assertThat(schedule.reach()).isZero();
        assertThat(schedule.reachable()).isFalse();
    }

    @Test
    void aSteadySourceIsAskedLessOftenUpToMaxpollAndAgainAtMinpollOnceItStopsAnswering() {
        PollSchedule schedule = new PollSchedule(6, 8, false);

        for (int i = 0; i < 8; i++) {
            schedule.polled(true);
        }
        assertThat(schedule.poll()).isEqualTo(7);
        for (int i = 0; i < 40; i++) {
            schedule.polled(true);
        }
        assertThat(schedule.poll()).as("never above maxpoll").isEqualTo(8);

        schedule.polled(false);

        assertThat(schedule.poll()).isEqualTo(6);
    }

    @Test
    void aRateKissEndsTheBurstAndDoublesTheInterval() {
        PollSchedule schedule = new PollSchedule(6, 10, true);

        schedule.slowDown();

        assertThat(schedule.poll()).isEqualTo(7);
        assertThat(schedule.nextIntervalNanos()).isEqualTo(128 * SECOND);
    }

    @Test
    void minpollAboveMaxpollIsRefused() {
        assertThatThrownBy(() -> new PollSchedule(10, 6, false)).hasMessageContaining("minpoll 10 is above maxpoll 6");
    }
}
