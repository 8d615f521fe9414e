package io.edgeplane.proxy.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The window arithmetic, with time given by hand: where the boundaries fall, and what Retry-After says. */
class SlidingWindowTest {

    private final SlidingWindow window = new SlidingWindow(10_000, 20);

    /** Admits {@code n} requests at {@code at}, asserting each is let through; the state after. */
    private long admitted(long state, long at, int n) {
        for (int i = 0; i < n; i++) {
            long next = window.admit(state, at);
            assertThat(next).as("request %d at %d ms", i + 1, at).isNotEqualTo(SlidingWindow.REFUSED);
            state = next;
        }
        return state;
    }

    @Test
    void exactlyMaxRequestsPassInAFreshWindow() {
        long state = admitted(0, 0, 20);

        assertThat(window.admit(state, 0)).isEqualTo(SlidingWindow.REFUSED);
        assertThat(window.admit(state, 9_999)).isEqualTo(SlidingWindow.REFUSED);
        assertThat(SlidingWindow.current(state)).isEqualTo(20);
    }

    @Test
    void thePreviousWindowWeighsByHowMuchOfItTheSlidingWindowStillCovers() {
        long state = admitted(0, 0, 20);
        // At 10.5 s the previous window still covers 95 %: 20 × 0.95 = 19, so one more fits, exactly.
        assertThat(window.admit(state, 10_499)).isEqualTo(SlidingWindow.REFUSED);
        state = admitted(state, 10_500, 1);
        assertThat(window.admit(state, 10_500)).isEqualTo(SlidingWindow.REFUSED);
        // At 15 s half of it is left: 10 + the 1 counted = 11, so 9 more.
        state = admitted(state, 15_000, 9);
        assertThat(window.admit(state, 15_000)).isEqualTo(SlidingWindow.REFUSED);
        // Two windows on, nothing of the first is left; the second's 10 weigh fully at its end.
        state = admitted(state, 20_000, 10);
        assertThat(window.admit(state, 20_000)).isEqualTo(SlidingWindow.REFUSED);
        // And after two idle windows, nothing at all.
        assertThat(window.expired(state, 39_999)).isFalse();
        assertThat(window.expired(state, 40_000)).isTrue();
        admitted(state, 40_000, 20);
    }

    @Test
    void retryAfterIsTheTimeUntilTheNextRequestWouldPass() {
        long state = admitted(0, 0, 20);

        // Full at 0 ms: the next window, once the previous weight has fallen to 19, at 10.5 s.
        assertThat(window.waitMillis(state, 0)).isEqualTo(10_500);
        assertThat(window.waitMillis(state, 9_999)).isEqualTo(501);
        assertThat(window.waitMillis(state, 10_000)).isEqualTo(500);
        assertThat(window.waitMillis(state, 10_500)).isZero();
        assertThat(window.waitMillis(0, 123)).isZero();
        // Seconds, rounded up: what RateLimits puts in Retry-After.
        assertThat((window.waitMillis(state, 0) + 999) / 1000).isEqualTo(11);
        assertThat((window.waitMillis(state, 9_999) + 999) / 1000).isEqualTo(1);
    }

    @Test
    void waitMillisIsExactlyWhenAdmitFirstSaysYes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            SlidingWindow w = new SlidingWindow(1_000 + random.nextInt(60_000), 1 + random.nextInt(100));
            long state = 0;
            long now = random.nextLong(1_000_000);
            // A random history: bursts at random times, as far as the limit lets them.
            for (int burst = 0; burst < 4; burst++) {
                now += random.nextLong(w.windowMillis() * 2);
                for (int i = random.nextInt(w.max() + 1); i > 0; i--) {
                    long next = w.admit(state, now);
                    if (next != SlidingWindow.REFUSED) {
                        state = next;
                    }
                }
            }
            long wait = w.waitMillis(state, now);
            assertThat(w.admit(state, now + wait)).as("round %d: admitted after the wait", round).isNotEqualTo(SlidingWindow.REFUSED);
            if (wait > 0) {
                assertThat(w.admit(state, now + wait - 1)).as("round %d: refused just before", round).isEqualTo(SlidingWindow.REFUSED);
            }
        }
    }

    @Test
    void aRefundTakesBackTheRequestWhereverItIsNowCounted() {
        long state = admitted(0, 1_000, 20);
        long back = window.refund(state, 1_000);

        assertThat(SlidingWindow.current(back)).isEqualTo(19);
        assertThat(window.admit(back, 1_000)).isNotEqualTo(SlidingWindow.REFUSED);
        // Rolled into the next period by another request: the count is now the previous one's.
        long rolled = window.admit(state, 10_000 + 9_999);
        assertThat(SlidingWindow.previous(window.refund(rolled, 1_000))).isEqualTo(19);
        // Gone from both periods: nothing to take back.
        assertThat(window.refund(state, 30_000)).isEqualTo(state);
    }

    @Test
    void aStateCountedByALaterClockReadingIsJudgedFromItsPeriod() {
        long state = admitted(0, 10_000, 20);
        // A thread whose clock read 9 999 ms comes second: it is refused, as at the start of period 1.
        assertThat(window.admit(state, 9_999)).isEqualTo(SlidingWindow.REFUSED);
    }
}
