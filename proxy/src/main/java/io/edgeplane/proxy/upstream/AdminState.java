package io.edgeplane.proxy.upstream;

import java.util.Locale;
import java.util.Optional;

/** What an operator set a server to, as HAProxy's {@code set server <pool>/<server> state}. */
public enum AdminState {
    /** In service, as far as the operator is concerned (health checks still decide). */
    READY,
    /** No new requests; those open finish. Health checks go on. */
    DRAIN,
    /** Out of service: no new requests, no health checks. */
    MAINT;

    /** The state named {@code name} ({@code ready}, {@code drain}, {@code maint}), in any case. */
    public static Optional<AdminState> named(String name) {
        for (AdminState state : values()) {
            if (state.name().equalsIgnoreCase(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
