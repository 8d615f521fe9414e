package io.edgeplane.core.lifecycle;

import java.util.Objects;

/**
 * A service's health as an operator reads it on {@code /healthz}.
 *
 * @param healthy whether it is doing its job
 * @param detail  one line on why not, or what it is doing ("listening on 127.0.0.1:8404")
 */
public record Health(boolean healthy, String detail) {

    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
