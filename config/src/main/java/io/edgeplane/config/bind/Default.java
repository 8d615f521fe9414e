package io.edgeplane.config.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when its key is absent, written as it would be in YAML
 * ({@code "127.0.0.1:8404"}, {@code "10s"}, {@code "true"}). Components without one are required, except
 * {@code Optional}, {@code List}, {@code Map} and records whose own components all have defaults.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    String value();
}
