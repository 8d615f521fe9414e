package io.edgeplane.config.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The YAML key of a record component whose name cannot be that key: {@code interface} is a Java keyword and a
 * record cannot have a {@code notify()} accessor, so VRRP's {@code interface:} and {@code notify:} are bound to
 * components named {@code interfaceName} and {@code notifyPrograms}. Everything else is named by
 * {@link KeyNames#toKey}, which is the rule; this is only the way out where Java forbids the name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {
    /** The key, in snake_case, as written in YAML. */
    String value();
}
