package io.edgeplane.config.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The YAML key of a record component whose name cannot be that key: {@code interface} is a Java keyword, so
 * VRRP's {@code interface:} is bound to a component named {@code interfaceName}. Everything else is named by
 * {@link KeyNames#toKey}, which is the rule; this is only the way out where Java forbids the name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {
    /** The key, in snake_case, as written in YAML. */
    String value();
}
