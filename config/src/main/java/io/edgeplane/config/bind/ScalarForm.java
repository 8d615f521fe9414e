package io.edgeplane.config.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record that may also be written as one plain value: the value stands for the mapping {@code {key: value}}.
 * {@code tls: self-signed} is {@code tls: {certificates: self-signed}}, and a certificate directory written
 * alone is {@code {directory: /etc/edgeplane/certs/}}. Shorthands keep common cases one word long without
 * a second way of writing the same record in the code.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ScalarForm {
    /** The key, in snake_case, that a plain value is bound to. */
    String value();
}
