package io.edgeplane.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.value.HostPort;
import io.edgeplane.proxy.balance.UpstreamServer;
import io.edgeplane.proxy.stats.ServerState;
import io.edgeplane.proxy.stats.StateChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One server's state from its three voices: operator, active checks, outlier detection. */
class ServerStatusTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final List<StateChange> heard = new ArrayList<>();

    private ServerStatus status(UpstreamServer server, int fall, int rise, long slowStart) {
        return new ServerStatus(server, clock, slowStart, fall, rise, (s, change) -> heard.add(change));
    }

    private static UpstreamServer server() {
        return new UpstreamServer(0, new HostPort("10.0.0.1", 80), 1, false);
    }

    @Test
    void theStrongestVoiceWinsAndEveryChangeIsHeardAndKept() {
        UpstreamServer server = server();
        ServerStatus status = status(server, 2, 1, 0);
        status.checkResult(false, "connection refused", 3);
        assertThat(status.state()).isEqualTo(ServerState.UP);
        status.checkResult(false, "connection refused", 3);
        assertThat(status.state()).isEqualTo(ServerState.DOWN);
        assertThat(server.available()).isFalse();
        assertThat(status.lastCheck()).hasValueSatisfying(check -> {
            assertThat(check.passed()).isFalse();
            assertThat(check.detail()).isEqualTo("connection refused");
        });

        status.setAdmin(AdminState.MAINT, "alice");
        assertThat(status.state()).isEqualTo(ServerState.MAINT);
        assertThat(status.checked()).as("MAINT is not checked").isFalse();
        status.setAdmin(AdminState.DRAIN, "alice");
        assertThat(status.state()).isEqualTo(ServerState.DRAIN);
        status.setAdmin(AdminState.READY, "alice");
        assertThat(status.state()).as("the checks still say DOWN").isEqualTo(ServerState.DOWN);
        status.checkResult(true, "HTTP 200", 1);
        assertThat(status.state()).isEqualTo(ServerState.UP);
        assertThat(server.available()).isTrue();

        assertThat(status.eject("3 failed attempts in a row")).isTrue();
        assertThat(status.eject("again")).isFalse();
        assertThat(status.state()).isEqualTo(ServerState.EJECTED);
        status.readmit("ejection over");
        assertThat(status.ejections()).isEqualTo(1);

        assertThat(heard).extracting(StateChange::to).containsExactly(ServerState.DOWN, ServerState.MAINT,
                ServerState.DRAIN, ServerState.DOWN, ServerState.UP, ServerState.EJECTED, ServerState.UP);
        assertThat(heard.getFirst().reason()).isEqualTo("2 checks failed: connection refused");
        assertThat(heard.get(1).reason()).isEqualTo("set to maint by alice");
        assertThat(status.history()).isEqualTo(heard);
        assertThat(status.lastChange()).isEqualTo(clock.instant());
        assertThat(status.checks(true)).isEqualTo(1);
        assertThat(status.checks(false)).isEqualTo(2);
    }

    @Test
    void theHistoryKeepsTheLastChangesOnly() {
        ServerStatus status = status(server(), 0, 0, 0);
        for (int i = 0; i < ServerStatus.HISTORY + 5; i++) {
            status.setAdmin(i % 2 == 0 ? AdminState.DRAIN : AdminState.READY, "op" + i);
        }
        assertThat(status.history()).hasSize(ServerStatus.HISTORY);
        assertThat(status.history().getLast().reason()).endsWith("op" + (ServerStatus.HISTORY + 4));
    }

    @Test
    void comingBackUpStartsTheSlowStart() {
        UpstreamServer server = server();
        ServerStatus status = status(server, 1, 1, TimeUnit.SECONDS.toNanos(30));
        status.checkResult(false, "timed out", 100);
        assertThat(server.ramping()).isFalse();
        status.checkResult(true, "HTTP 200", 1);
        assertThat(server.ramping()).isTrue();
        assertThat(server.rampShare(System.nanoTime())).isBetween(0.1, 0.2);
    }

    @Test
    void aRebuiltPoolsServerTakesOverWhatTheOldOneKnew() {
        UpstreamServer old = server();
        ServerStatus before = status(old, 1, 1, 0);
        before.setAdmin(AdminState.DRAIN, "bob");
        old.setWeight(5);
        before.eject("ejected");

        UpstreamServer rebuilt = server();
        ServerStatus after = status(rebuilt, 1, 1, 0);
        after.inherit(before);
        assertThat(after.state()).isEqualTo(ServerState.DRAIN);
        assertThat(after.history()).extracting(StateChange::to).containsExactly(ServerState.DRAIN);
        assertThat(after.ejected()).as("an ejection ends with the pool that made it").isFalse();
        assertThat(rebuilt.weight()).isEqualTo(5);
        assertThat(rebuilt.available()).isFalse();

        UpstreamServer reweighted = new UpstreamServer(0, new HostPort("10.0.0.1", 80), 2, false);
        status(reweighted, 1, 1, 0).inherit(before);
        assertThat(reweighted.weight()).as("the config's new weight wins").isEqualTo(2);
    }
}
