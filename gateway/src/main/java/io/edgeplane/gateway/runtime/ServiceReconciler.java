package io.edgeplane.gateway.runtime;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the set of running services in line with a config, all or nothing: every enabled service
 * prepares (new services are created, sockets bound), and only when all have prepared does each commit.
 * A service whose section disappeared is stopped after the commit, in the background, so a reload asked
 * for through the admin API can still answer when it removes the admin section. {@link #apply} and
 * {@link #stopAll} are called under the gateway's reload lock; {@link #health} from any thread.
 */
final class ServiceReconciler {

    private static final Logger log = LoggerFactory.getLogger(ServiceReconciler.class);

    private final List<ServiceDefinition> definitions;
    private final Supplier<ServiceContext> context;
    /** Replaced whole, never changed in place, so readers need no lock. */
    private volatile Map<String, Service> running = Map.of();

    ServiceReconciler(List<ServiceDefinition> definitions, Supplier<ServiceContext> context) {
        this.definitions = List.copyOf(definitions);
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Applies {@code config} to every service, or to none (and throws why). */
    void apply(EdgeplaneConfig config, Duration grace) throws ServiceException {
        Map<String, Service> next = new LinkedHashMap<>();
        List<Service> created = new ArrayList<>();
        List<Service.Transition> prepared = new ArrayList<>();
        try {
            for (ServiceDefinition definition : definitions) {
                if (!definition.enabledBy().test(config)) {
                    continue;
                }
                Service service = running.get(definition.name());
                if (service == null) {
                    service = definition.factory().apply(context.get());
                    created.add(service);
                }
                prepared.add(service.prepare(config));
                next.put(definition.name(), service);
            }
        } catch (ServiceException | RuntimeException e) {
            prepared.forEach(Service.Transition::abort);
            created.forEach(service -> service.stop(Duration.ZERO).join());
            throw e instanceof ServiceException se ? se
                    : new ServiceException("cannot apply the config: " + e, e);
        }
        prepared.forEach(Service.Transition::commit);
        List<Service> removed = new ArrayList<>();
        running.forEach((name, service) -> {
            if (!next.containsKey(name)) {
                log.info("{}: section removed from the config; stopping", name);
                removed.add(service);
            }
        });
        running = java.util.Collections.unmodifiableMap(next);
        removed.forEach(service -> service.retire(grace));
    }

    <T> List<T> running(Class<T> type) {
        return running.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    Map<String, Health> health() {
        Map<String, Health> health = new LinkedHashMap<>();
        running.forEach((name, service) -> health.put(name, service.health()));
        return health;
    }

    /** SIGUSR1: every service that writes rotated files reopens them. */
    void reopenFiles() {
        running.values().forEach(service -> {
            if (service instanceof io.edgeplane.core.lifecycle.ReopensFiles files) {
                files.reopenFiles();
            }
        });
    }

    Map<String, List<String>> endpoints() {
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        running.forEach((name, service) -> endpoints.put(name, service.endpoints()));
        return endpoints;
    }

    /** Stops every service at once, each within {@code grace}; returns when all have stopped. */
    void stopAll(Duration grace) {
        List<Service> services = new ArrayList<>(running.values());
        running = Map.of();
        CompletableFuture.allOf(services.stream()
                .map(service -> service.stop(grace).exceptionally(e -> {
                    log.warn("{}: stop failed: {}", service.name(), e.toString());
                    return null;
                }))
                .toArray(CompletableFuture[]::new)).join();
    }
}
