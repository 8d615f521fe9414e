package io.edgeplane.gateway.runtime;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.core.lifecycle.Service;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A service the binary knows: its name, whether a config turns it on (its section is present), and how to
 * build it.
 */
public record ServiceDefinition(String name, Predicate<EdgeplaneConfig> enabledBy,
                                Function<ServiceContext, Service> factory) {

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(enabledBy, "enabledBy");
        Objects.requireNonNull(factory, "factory");
    }
}
