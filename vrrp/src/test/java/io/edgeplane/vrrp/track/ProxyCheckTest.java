package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.vrrp.VrrpTrackConfig.Kind;
import io.edgeplane.core.health.HealthSignals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyCheckTest {

    /** Answers a script of observations, then the last one for ever; counts the questions. */
    static final class ScriptedSignals implements HealthSignals {
        final ConcurrentLinkedQueue<Optional<Boolean>> answers = new ConcurrentLinkedQueue<>();
        final AtomicInteger asked = new AtomicInteger();
        final List<String> names = Collections.synchronizedList(new ArrayList<>());
        volatile Optional<Boolean> last = Optional.empty();

        ScriptedSignals then(String observations) {
            for (char c : observations.toCharArray()) {
                answers.add(c == '+' ? Optional.of(true) : c == '-' ? Optional.of(false) : Optional.empty());
            }
            return this;
        }

        private Optional<Boolean> next(String name) {
            names.add(name);
            Optional<Boolean> answer = answers.poll();
            if (answer != null) {
                last = answer;
            }
            asked.incrementAndGet();
            return last;
        }

        @Override
        public Optional<Boolean> listenerHealthy(String name) {
            return next("listener " + name);
        }

        @Override
        public Optional<Boolean> poolHealthy(String name) {
            return next("pool " + name);
        }
    }

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final List<TrackedState> seen = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void shutDown() {
        scheduler.shutdownNow();
    }

    ProxyCheck check(Kind kind, ScriptedSignals signals, int fall, int rise) {
        ProxyCheck check = new ProxyCheck(kind, "public_https", fall, rise, signals, scheduler, Duration.ofMillis(2));
        check.subscribe(() -> seen.add(check.state()));
        return check;
    }

    @Test
    void countsObservationsWithFallAndRise() {
        // First observation decides; then F F T resets; F F F goes down; T T comes back up.
        ScriptedSignals signals = new ScriptedSignals().then("+--+-----++");
        try (ProxyCheck check = check(Kind.LISTENER, signals, 3, 2)) {
            assertThat(check.name()).isEqualTo("listener public_https");
            check.start();
            Eventually.await("all observations made", Duration.ofSeconds(5), () -> signals.asked.get() >= 14);
        }
        assertThat(seen).containsExactly(TrackedState.UP, TrackedState.DOWN, TrackedState.UP);
        assertThat(signals.names).allMatch("listener public_https"::equals);
    }

    @Test
    void asksForAPoolByItsName() {
        ScriptedSignals signals = new ScriptedSignals().then("-");
        try (ProxyCheck check = check(Kind.POOL, signals, 1, 1)) {
            assertThat(check.name()).isEqualTo("pool public_https");
            check.start();
            Eventually.await("down", Duration.ofSeconds(5), () -> check.state() == TrackedState.DOWN);
        }
        assertThat(signals.names).allMatch("pool public_https"::equals);
    }

    @Test
    void aNameTheProxyDoesNotRunCountsAsAFailure() {
        ScriptedSignals signals = new ScriptedSignals().then("+??+");
        try (ProxyCheck check = check(Kind.LISTENER, signals, 2, 1)) {
            check.start();
            Eventually.await("all observations made", Duration.ofSeconds(5), () -> signals.asked.get() >= 6);
        }
        assertThat(seen).containsExactly(TrackedState.UP, TrackedState.DOWN, TrackedState.UP);
    }

    @Test
    void stopsAskingWhenClosed() throws Exception {
        ScriptedSignals signals = new ScriptedSignals().then("+");
        ProxyCheck check = check(Kind.LISTENER, signals, 1, 1);
        check.start();
        Eventually.await("asked", Duration.ofSeconds(5), () -> signals.asked.get() >= 3);
        check.close();
        int asked = signals.asked.get();
        Thread.sleep(50);
        assertThat(signals.asked.get()).isLessThanOrEqualTo(asked + 1);
    }

    @Test
    void watchesOnlyListenersAndPools() {
        assertThatThrownBy(() -> new ProxyCheck(Kind.SCRIPT, "x", 1, 1, new ScriptedSignals(), scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not script");
    }
}
