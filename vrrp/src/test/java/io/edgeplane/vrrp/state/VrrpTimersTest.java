package io.edgeplane.vrrp.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Skew_Time and Master_Down_Interval at several priorities, both versions. */
class VrrpTimersTest {

    @ParameterizedTest(name = "v{0} priority {1} interval {2} ns: skew {3}, down {4}")
    @CsvSource({
            // version 2: skew is (256 − p) / 256 s whatever the interval
            "2, 1,   1000000000, 996093750, 3996093750",
            "2, 100, 1000000000, 609375000, 3609375000",
            "2, 254, 1000000000, 7812500,   3007812500",
            "2, 255, 1000000000, 3906250,   3003906250",
            "2, 100, 3000000000, 609375000, 9609375000",
            // version 3: skew scales with Master_Adver_Interval
            "3, 1,   1000000000, 996093750, 3996093750",
            "3, 100, 1000000000, 609375000, 3609375000",
            "3, 100, 500000000,  304687500, 1804687500",
            "3, 200, 100000000,  21875000,  321875000",
            "3, 254, 10000000,   78125,     30078125",
            "3, 255, 40950000000, 159960937, 123009960937",
    })
    void timerValues(int version, int priority, long interval, long skew, long down) {
        assertThat(VrrpTimers.skewNanos(version, priority, interval)).isEqualTo(skew);
        assertThat(VrrpTimers.masterDownNanos(version, priority, interval)).isEqualTo(down);
    }

    @Test
    void priorityZeroHasNoSkew() {
        assertThatIllegalArgumentException().isThrownBy(() -> VrrpTimers.skewNanos(3, 0, 1));
    }
}
