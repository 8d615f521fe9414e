package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** poll(2)'s timeout from a deadline: rounded up, never negative but for "for ever". */
class NativeSocketTest {

    @Test
    void timeoutsRoundUpToWholeMilliseconds() {
        assertThat(NativeSocket.timeoutMillis(1_000_000_001L, 0)).isEqualTo(1_001);
        assertThat(NativeSocket.timeoutMillis(1L, 0)).isEqualTo(1);
        assertThat(NativeSocket.timeoutMillis(5L, 5L)).isZero();
        assertThat(NativeSocket.timeoutMillis(5L, 10L)).isZero();
        assertThat(NativeSocket.timeoutMillis(Long.MAX_VALUE, 0)).isEqualTo(-1);
        // nanoTime may be negative; deadlines compare by difference.
        assertThat(NativeSocket.timeoutMillis(Long.MIN_VALUE + 2_000_000, Long.MIN_VALUE)).isEqualTo(2);
    }

    @Test
    void deadlinesSaturateAndRefuseNegativeTimeouts() {
        long now = System.nanoTime();
        assertThat(NativeSocket.deadline(Long.MAX_VALUE) - now).isGreaterThan(Long.MAX_VALUE >> 2);
        assertThat(NativeSocket.deadline(Long.MAX_VALUE)).isNotEqualTo(Long.MAX_VALUE);
        assertThat(NativeSocket.deadline(0) - now).isBetween(0L, 1_000_000_000L);
        assertThatThrownBy(() -> NativeSocket.deadline(-1)).hasMessageContaining("timeout -1 ns");
    }
}
