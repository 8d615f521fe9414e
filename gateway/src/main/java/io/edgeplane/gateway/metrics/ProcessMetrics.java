package io.edgeplane.gateway.metrics;

import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's meter registry with the JVM, process and Netty meters bound, and the config-reload meters
 * the gateway updates. Names follow Prometheus conventions once exported: {@code edgeplane_config_reloads_total}.
 */
public final class ProcessMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final AtomicLong lastApplyEpochMillis = new AtomicLong();
    private final AtomicLong lastReloadSucceeded = new AtomicLong(1);

    public ProcessMetrics(EventLoops eventLoops) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new NettyEventExecutorMetrics(eventLoops.group()).bindTo(registry);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        Gauge.builder("edgeplane.config.last.reload.successful", lastReloadSucceeded, AtomicLong::get)
                .description("1 if the last reload applied its config, 0 if it was rejected")
                .register(registry);
        Gauge.builder("edgeplane.config.last.applied.timestamp", lastApplyEpochMillis, v -> v.get() / 1000.0)
                .description("When the running config was applied (start or reload), in Unix time")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Where services register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The counter of reloads that were applied ({@code true}) or rejected. */
    public Counter reloads(boolean applied) {
        return Counter.builder("edgeplane.config.reloads")
                .description("Config reloads, by result")
                .tag("result", applied ? "applied" : "rejected")
                .register(registry);
    }

    /** Records a start or reload: when a config was applied, or that one was rejected. */
    public void configApplied(Instant at, boolean applied) {
        lastReloadSucceeded.set(applied ? 1 : 0);
        if (applied) {
            lastApplyEpochMillis.set(at.toEpochMilli());
        }
    }

    /** Every meter in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
