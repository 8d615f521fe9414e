package io.edgeplane.gateway.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the last reload did, as the admin API shows it.
 *
 * @param at       when it finished
 * @param trigger  what asked for it: {@code SIGHUP}, {@code api}
 * @param applied  whether the new config now runs; when false, nothing changed
 * @param changed  the top-level sections that differ from the config before, when applied
 * @param errors   every problem, one line each ({@code FILE:LINE:COL: key: message}), when not applied
 */
public record ReloadOutcome(Instant at, String trigger, boolean applied, List<String> changed, List<String> errors) {

    public ReloadOutcome {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(trigger, "trigger");
        changed = List.copyOf(changed);
        errors = List.copyOf(errors);
    }

    static ReloadOutcome applied(Instant at, String trigger, List<String> changed) {
        return new ReloadOutcome(at, trigger, true, changed, List.of());
    }

    static ReloadOutcome rejected(Instant at, String trigger, List<String> errors) {
        return new ReloadOutcome(at, trigger, false, List.of(), errors);
    }
}
