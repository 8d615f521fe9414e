package io.edgeplane.gateway.vrrp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which implementation runs on node 1 (the higher priority, the first MASTER in most scenarios) and which on
 * node 2. The scenarios run every pairing of {@link #selected()}.
 *
 * <p>{@code VRRP_INTEROP_PAIRINGS} picks them, comma-separated, each {@code FIRST-SECOND}:
 * {@code edgeplane-keepalived}, {@code keepalived-edgeplane}, {@code edgeplane-edgeplane} (the three, by default:
 * edgeplane as master and as backup of keepalived, and on its own) and {@code keepalived-keepalived} (the anchor
 * figures of this machine, on request: CI has no need to measure keepalived against itself each run).
 */
record Pairing(VrrpImplementation first, VrrpImplementation second) {

    static final String DEFAULT = "edgeplane-keepalived,keepalived-edgeplane,edgeplane-edgeplane";

    Pairing {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /** The implementation of node {@code n} (1 or 2). */
    VrrpImplementation of(int n) {
        return switch (n) {
            case 1 -> first;
            case 2 -> second;
            default -> throw new IllegalArgumentException("node " + n + ": a pairing has nodes 1 and 2");
        };
    }

    /** Skips (or fails) unless this machine has both. */
    void requireAvailable() {
        first.requireAvailable();
        second.requireAvailable();
    }

    static Pairing parse(String text) {
        String[] parts = text.trim().toUpperCase(Locale.ROOT).split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("pairing '" + text + "': expected FIRST-SECOND, such as "
                    + "keepalived-keepalived or edgeplane-keepalived");
        }
        return new Pairing(VrrpImplementation.valueOf(parts[0]), VrrpImplementation.valueOf(parts[1]));
    }

    /** The pairings of {@code VRRP_INTEROP_PAIRINGS}, or {@link #DEFAULT}. */
    static List<Pairing> selected() {
        String text = System.getenv().getOrDefault("VRRP_INTEROP_PAIRINGS", DEFAULT);
        return Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Pairing::parse).toList();
    }

    @Override
    public String toString() {
        return first.label() + "-" + second.label();
    }
}
