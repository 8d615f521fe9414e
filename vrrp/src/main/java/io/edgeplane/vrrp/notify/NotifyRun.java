package io.edgeplane.vrrp.notify;

import io.edgeplane.vrrp.state.VrrpState;
import io.edgeplane.vrrp.track.ScriptOutcome;
import java.time.Duration;
import java.util.Objects;

/**
 * One notify program that ran, for logs and metrics.
 *
 * @param subject {@code instance VI_1} or {@code group G1}
 * @param state   the state entered; {@link VrrpState#INITIALIZE} is keepalived's STOP
 * @param program the program run
 * @param outcome how it ended
 * @param took    from its start to its end (or its kill)
 */
public record NotifyRun(String subject, VrrpState state, String program, ScriptOutcome outcome, Duration took) {
    public NotifyRun {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(took, "took");
    }
}
