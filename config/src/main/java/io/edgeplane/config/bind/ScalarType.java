package io.edgeplane.config.bind;

import io.edgeplane.config.value.InvalidValueException;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one Java type is written as a YAML scalar: parsed with a clear error, and formatted back to the
 * same text for the running-config view.
 *
 * @param <T> the Java type
 */
public record ScalarType<T>(Class<T> type, Parser<T> parser, Function<T, Object> formatter, String expected) {

    public ScalarType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(formatter, "formatter");
        Objects.requireNonNull(expected, "expected");
    }

    /** Parses a scalar's text. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws InvalidValueException;
    }

    public T parse(String text) throws InvalidValueException {
        return parser.parse(text);
    }

    /** The value as it is written in YAML: a string, or a number or boolean that needs no quotes. */
    Object format(Object value) {
        return formatter.apply(type.cast(value));
    }
}
