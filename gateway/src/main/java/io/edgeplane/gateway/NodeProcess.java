package io.edgeplane.gateway;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.LoggingConfig;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.gateway.metrics.ProcessMetrics;
import io.edgeplane.gateway.runtime.ConfigSource;
import io.edgeplane.gateway.runtime.Gateway;
import io.edgeplane.gateway.runtime.ServiceDefinition;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The node's process assembled: event loops, metrics, the blocking executor and the gateway with every
 * service of the {@link ServiceCatalog}. {@code edgeplane run} starts one; so do in-process tests.
 */
public final class NodeProcess implements AutoCloseable {

    private final Gateway gateway;
    private final ExecutorService blocking;

    private NodeProcess(Gateway gateway, ExecutorService blocking) {
        this.gateway = gateway;
        this.blocking = blocking;
    }

    /**
     * Starts every service {@code config} (already loaded from {@code source}) turns on.
     *
     * @throws ServiceException naming what could not start; everything started so far is stopped again
     */
    public static NodeProcess start(ConfigSource source, ConfigLoader loader, EdgeplaneConfig config,
                                    Consumer<LoggingConfig> logging, Clock clock, String version) throws ServiceException {
        return start(source, loader, config, logging, clock, version, ServiceCatalog.all());
    }

    /** As above, with the services of {@code catalog}: tests run some of them on in-memory platforms. */
    static NodeProcess start(ConfigSource source, ConfigLoader loader, EdgeplaneConfig config,
                             Consumer<LoggingConfig> logging, Clock clock, String version,
                             List<ServiceDefinition> catalog) throws ServiceException {
        EventLoops eventLoops = EventLoops.create(0);
        ProcessMetrics metrics = new ProcessMetrics(eventLoops);
        // Files, reloads and admin answers: never on an event loop, and cheap to have many of.
        ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("edgeplane-blocking-", 0).factory());
        Gateway gateway = new Gateway(source, loader, catalog, eventLoops, metrics, blocking, logging, clock, version);
        try {
            gateway.start(config);
        } catch (ServiceException | RuntimeException e) {
            gateway.stop();
            blocking.shutdownNow();
            throw e;
        }
        return new NodeProcess(gateway, blocking);
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Reloads on the blocking executor, as a signal handler must not do the work itself. */
    public void reloadInBackground(String trigger) {
        blocking.execute(() -> gateway.reload(trigger));
    }

    /** Reopens rotated log files, off the signal handler's thread. */
    public void reopenFilesInBackground() {
        blocking.execute(gateway::reopenFiles);
    }

    /** Stops every service within the config's grace period; idempotent. */
    @Override
    public void close() {
        gateway.stop();
        blocking.shutdown();
    }
}
