package io.edgeplane.proxy.stats;

import java.time.Instant;
import java.util.Objects;

/** One change of a server's state: when, from what to what, and why ({@code "3 checks failed: connection refused"}). */
public record StateChange(Instant at, ServerState from, ServerState to, String reason) {

    public StateChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
