package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallRiseTest {

    /** Feeds results ('+' success, '-' failure) and returns the state after each. */
    static String run(FallRise counter, String results) {
        StringBuilder states = new StringBuilder();
        for (char c : results.toCharArray()) {
            counter.observe(c == '+');
            states.append(switch (counter.state()) {
                case UP -> 'U';
                case DOWN -> 'D';
                case UNKNOWN -> '?';
            });
        }
        return states.toString();
    }

    @Test
    void startsUnknownAndTheFirstResultDecidesWhateverFallAndRise() {
        assertThat(new FallRise(3, 5).state()).isEqualTo(TrackedState.UNKNOWN);
        // keepalived: the counter starts one short of rise ("one success is enough"); a first failure is down.
        assertThat(run(new FallRise(3, 5), "+")).isEqualTo("U");
        assertThat(run(new FallRise(3, 5), "-")).isEqualTo("D");
    }

    @Test
    void fallConsecutiveFailuresTakeItDown() {
        assertThat(run(new FallRise(3, 2), "+--+---")).isEqualTo("UUUUUUD");
    }

    @Test
    void riseConsecutiveSuccessesBringItUp() {
        assertThat(run(new FallRise(3, 2), "-+-++")).isEqualTo("DDDDU");
    }

    @Test
    void oneAndOneFollowsEveryResult() {
        assertThat(run(new FallRise(1, 1), "+-+-")).isEqualTo("UDUD");
    }

    @Test
    void observeSaysWhenTheStateChanged() {
        FallRise counter = new FallRise(2, 1);
        List<Boolean> changed = new ArrayList<>();
        for (boolean result : new boolean[] {true, false, false, false, true}) {
            changed.add(counter.observe(result));
        }
        assertThat(changed).containsExactly(true, false, true, false, true);
    }

    @Test
    void refusesFallOrRiseBelowOne() {
        assertThatThrownBy(() -> new FallRise(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fall 0");
        assertThatThrownBy(() -> new FallRise(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rise 0");
    }
}
