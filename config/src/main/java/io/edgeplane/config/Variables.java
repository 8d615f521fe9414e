package io.edgeplane.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where {@code ${VAR}} in a config file is looked up: the process environment, or a map in tests. */
@FunctionalInterface
public interface Variables {

    Optional<String> lookup(String name);

    static Variables environment() {
        return name -> Optional.ofNullable(System.getenv(name));
    }

    static Variables of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(Objects.requireNonNull(name, "name")));
    }
}
