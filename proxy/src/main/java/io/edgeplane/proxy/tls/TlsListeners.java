package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.core.lifecycle.ServiceException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's TLS listeners across reloads, by listener name. A reload keeps a listener's TLS (contexts,
 * session caches, file watch) when its {@code tls:} section did not change, and builds the others while the
 * running ones serve on. The provider is found when the first TLS listener is prepared, and said once in the
 * log and in {@code edgeplane_proxy_tls_provider}.
 */
public final class TlsListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsListeners.class);

    private final MeterRegistry registry;
    private final Executor blocking;
    private final Clock clock;
    private final Supplier<TlsProvider> detect;
    private TlsProvider provider;
    private Gauge providerGauge;
    private volatile Map<String, TlsListener> running = Map.of();

    public TlsListeners(MeterRegistry registry, Executor blocking, Clock clock, Supplier<TlsProvider> detect) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.detect = Objects.requireNonNull(detect, "detect");
    }

    /** What a reload will run; exactly one of {@link #commit()} and {@link #abort()} follows. */
    public final class Prepared {
        private final Map<String, TlsListener> next;

        private Prepared(Map<String, TlsListener> next) {
            this.next = next;
        }

        /** The TLS of the listener named {@code name}; empty for a plain-HTTP listener. */
        public Optional<TlsListener> of(String name) {
            return Optional.ofNullable(next.get(name));
        }

        /** Retires the listeners the reload dropped or rebuilt, then starts the new ones. */
        public void commit() {
            synchronized (TlsListeners.this) {
                Map<String, TlsListener> previous = running;
                // Old first: a rebuilt listener's meters have the old one's names and must not find them taken.
                previous.values().stream().filter(l -> !next.containsValue(l)).forEach(TlsListener::close);
                next.values().stream().filter(l -> !previous.containsValue(l)).forEach(TlsListener::start);
                running = Map.copyOf(next);
                providerMeter(!next.isEmpty());
            }
        }

        /** Throws away what was built for this reload. */
        public void abort() {
            Map<String, TlsListener> current = running;
            next.values().stream().filter(l -> !current.containsValue(l)).forEach(TlsListener::close);
        }
    }

    /**
     * Reads every running listener's certificate files again, now (an operator's "re-read the
     * certificates"); each listener whose files cannot be used keeps the certificates it has.
     *
     * @return by listener name: empty if its files are in use now, else why not
     */
    public Map<String, Optional<String>> reloadAll() {
        Map<String, Optional<String>> outcome = new TreeMap<>();
        running.forEach((name, listener) -> outcome.put(name, listener.reload()));
        return outcome;
    }

    /** Builds (or keeps) the TLS of every listener in {@code listeners} that has a {@code tls:} section. */
    public Prepared prepare(List<ListenerConfig> listeners) throws ServiceException {
        Map<String, TlsListener> current = running;
        Map<String, TlsListener> next = new HashMap<>();
        Prepared prepared = new Prepared(next);
        for (ListenerConfig listener : listeners) {
            if (listener.tls().isEmpty()) {
                continue;
            }
            TlsProvider chosen = provider();
            List<String> names = SelfSignedCertificates.namesFor(listener);
            List<String> alpn = AlpnProtocols.offered(listener.speaksHttp2());
            TlsListener kept = current.get(listener.name());
            if (kept != null && kept.sameSetup(listener.tls().get(), names, chosen, alpn)) {
                next.put(listener.name(), kept);
                continue;
            }
            try {
                next.put(listener.name(), TlsListener.prepare(listener.name(), listener.tls().get(), names, chosen, alpn, registry,
                        blocking, clock));
            } catch (TlsSetupException e) {
                prepared.abort();
                throw new ServiceException("proxy: listener " + listener.name() + ": tls: " + e.getMessage(), e);
            }
        }
        return prepared;
    }

    private synchronized TlsProvider provider() {
        if (provider == null) {
            provider = detect.get();
            log.info("proxy: {}", provider.describe());
        }
        return provider;
    }

    private void providerMeter(boolean wanted) {
        if (wanted && providerGauge == null) {
            providerGauge = Gauge.builder("edgeplane.proxy.tls.provider", () -> 1)
                    .description("The TLS implementation the listeners use: openssl (BoringSSL) or jdk")
                    .tags("provider", provider.label()).register(registry);
        } else if (!wanted && providerGauge != null) {
            registry.remove(providerGauge);
            providerGauge = null;
        }
    }

    /** Stops every watch and removes the meters; for the service's stop. */
    @Override
    public synchronized void close() {
        running.values().forEach(TlsListener::close);
        running = Map.of();
        providerMeter(false);
    }
}
