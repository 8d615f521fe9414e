package io.edgeplane.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.upstream.ServerHealth.Change;
import org.junit.jupiter.api.Test;

/** HAProxy's fall and rise: runs of results against the state change it, a result that agrees resets the run. */
class ServerHealthTest {

    @Test
    void fallFailuresInARowTakeItDownAndRiseSuccessesBringItBack() {
        ServerHealth health = new ServerHealth(3, 2);
        assertThat(health.up()).isTrue();
        assertThat(health.record(false)).isEqualTo(Change.NONE);
        assertThat(health.record(false)).isEqualTo(Change.NONE);
        assertThat(health.record(true)).as("a success resets the failures").isEqualTo(Change.NONE);
        assertThat(health.record(false)).isEqualTo(Change.NONE);
        assertThat(health.record(false)).isEqualTo(Change.NONE);
        assertThat(health.record(false)).isEqualTo(Change.WENT_DOWN);
        assertThat(health.up()).isFalse();
        assertThat(health.record(false)).isEqualTo(Change.NONE);
        assertThat(health.record(true)).isEqualTo(Change.NONE);
        assertThat(health.record(false)).as("a failure resets the successes").isEqualTo(Change.NONE);
        assertThat(health.record(true)).isEqualTo(Change.NONE);
        assertThat(health.record(true)).isEqualTo(Change.CAME_UP);
        assertThat(health.up()).isTrue();
    }

    @Test
    void fallAndRiseOfOneActAtOnce() {
        ServerHealth health = new ServerHealth(1, 1);
        assertThat(health.record(false)).isEqualTo(Change.WENT_DOWN);
        assertThat(health.record(true)).isEqualTo(Change.CAME_UP);
    }
}
