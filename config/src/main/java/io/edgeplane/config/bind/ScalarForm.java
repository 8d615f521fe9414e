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

    /**
     * The plain values allowed, when not every value of the key makes sense alone; empty = any. Compared with
     * the value as bound, so {@code "true"} also admits {@code yes} and {@code on}. An upstream's {@code tls: true}
     * is TLS with every default, but {@code tls: false} would read as "no TLS" while meaning TLS without
     * verification, so it is refused rather than taken at its word.
     */
    String[] only() default {};

    /** Why any other plain value is refused, and what to write instead; used with {@link #only()}. */
    String otherwise() default "";
}
