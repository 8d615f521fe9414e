package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.TlsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on one listener: its certificates by SNI name, the handler each new connection starts with, and the
 * watch that reloads changed certificate files. Contexts are swapped through one volatile reference, so a
 * reload touches no open connection: each keeps the session it has, and only new handshakes see the new
 * certificate. A file that fails to load is logged and the certificates in use stay.
 */
public final class TlsListener implements Mapping<String, SslContext>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsListener.class);
    /** Under this many days left, a certificate is logged as a warning when loaded, and once a day after. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final String listener;
    private final TlsConfig config;
    private final List<String> selfSignedNames;
    private final ServerContexts contexts;
    private final Clock clock;
    private final TlsMeters meters;
    private final FileWatch watch;
    private final EngineSettings engineSettings;
    private volatile SniTable table;
    private boolean closed;
    /** When each certificate (by file and serial number) was last warned about; only the watch thread and start touch it. */
    private final Map<String, Instant> warned = new HashMap<>();

    private TlsListener(String listener, TlsConfig config, List<String> selfSignedNames, ServerContexts contexts,
                        MeterRegistry registry, Executor blocking, Clock clock, SniTable table, String digest) {
        this.listener = listener;
        this.config = config;
        this.selfSignedNames = List.copyOf(selfSignedNames);
        this.contexts = contexts;
        this.clock = clock;
        this.meters = new TlsMeters(registry, listener, clock);
        this.table = table;
        this.engineSettings = EngineSettings.of(config, contexts.provider());
        this.watch = new FileWatch(config.selfSigned() ? Duration.ZERO : config.watchInterval(), blocking,
                this::poll, digest, this::reload);
    }

    /**
     * Loads every certificate of {@code config} and builds its contexts; nothing runs or is registered until
     * {@link #start()}.
     *
     * @param selfSignedNames the names a {@code self-signed} certificate is made for
     */
    public static TlsListener prepare(String listener, TlsConfig config, List<String> selfSignedNames, TlsProvider provider,
                                      List<String> alpn, MeterRegistry registry, Executor blocking, Clock clock)
            throws TlsSetupException {
        ServerContexts contexts = new ServerContexts(provider, alpn);
        String digest = CertificateSources.digest(config);
        SniTable table = load(config, selfSignedNames, contexts, clock);
        return new TlsListener(listener, config, selfSignedNames, contexts, registry, blocking, clock, table, digest);
    }

    private static SniTable load(TlsConfig config, List<String> selfSignedNames, ServerContexts contexts, Clock clock)
            throws TlsSetupException {
        List<ServerCertificate> certificates = config.selfSigned()
                ? List.of(new SelfSignedCertificates(clock).generate(selfSignedNames))
                : CertificateSources.load(config);
        List<X509Certificate> clientCas = config.clientAuth().isPresent()
                ? CertificateSources.clientCas(config.clientAuth().get()) : List.of();
        List<SniTable.Entry> entries = new ArrayList<>();
        for (ServerCertificate certificate : certificates) {
            entries.add(new SniTable.Entry(certificate, contexts.build(certificate, config, clientCas)));
        }
        return new SniTable(entries);
    }

    /** Whether this listener was built from the same settings, so a reload may keep it (and its sessions). */
    public boolean sameSetup(TlsConfig otherConfig, List<String> otherSelfSignedNames, TlsProvider provider, List<String> alpn) {
        return config.equals(otherConfig) && contexts.provider() == provider && contexts.alpn().equals(alpn)
                && (!config.selfSigned() || selfSignedNames.equals(otherSelfSignedNames));
    }

    /** Registers the meters and starts watching the files; the listener is in service. */
    public synchronized void start() {
        SniTable current = table;
        meters.register(certificates(current));
        warnOfExpiry(current);
        watch.start();
    }

    /** A new connection's first handler. */
    public ChannelHandler newHandler(Duration handshakeTimeout) {
        return new ListenerSniHandler(listener, this, handshakeTimeout.toMillis(), meters, engineSettings);
    }

    @Override
    public SslContext map(String hostname) {
        return table.select(hostname);
    }

    /** The certificates served now, the default first. */
    public List<ServerCertificate> certificates() {
        return certificates(table);
    }

    private static List<ServerCertificate> certificates(SniTable table) {
        return table.entries().stream().map(SniTable.Entry::certificate).toList();
    }

    /** Each tick of the watch: the expiry warning (at most daily), then the digest of the files. */
    private String poll() {
        warnOfExpiry(table);
        return CertificateSources.digest(config);
    }

    /**
     * Loads the files again and, if they are good, serves them from the next handshake on.
     *
     * @return why the files cannot be used (the certificates in use stay), or empty when they are in use now
     */
    Optional<String> reload() {
        SniTable next;
        try {
            next = load(config, selfSignedNames, contexts, clock);
        } catch (TlsSetupException | RuntimeException e) {
            log.warn("proxy: listener {}: certificate files cannot be used, keeping the certificates in use: {}",
                    listener, e.getMessage());
            return Optional.of(String.valueOf(e.getMessage()));
        }
        synchronized (this) {
            if (closed) {
                return Optional.of("the listener was stopped");
            }
            table = next;
            meters.certificates(certificates(next));
        }
        log.info("proxy: listener {}: certificates reloaded: {}", listener,
                certificates(next).stream().map(c -> c.subject() + " (" + c.source() + ", until " + c.notAfter() + ")").toList());
        warnOfExpiry(next);
        return Optional.empty();
    }

    /** Checks the files now instead of at the next interval; for tests. */
    void checkFiles() {
        watch.check();
    }

    private synchronized void warnOfExpiry(SniTable current) {
        Instant now = clock.instant();
        for (ServerCertificate certificate : certificates(current)) {
            Duration left = Duration.between(now, certificate.notAfter());
            String key = certificate.source() + "#" + certificate.leaf().getSerialNumber();
            Instant last = warned.get(key);
            if (left.compareTo(EXPIRY_WARNING) < 0 && (last == null || Duration.between(last, now).toDays() >= 1)) {
                warned.put(key, now);
                log.warn("proxy: listener {}: the certificate for {} ({}) {} {}", listener, certificate.subject(),
                        certificate.source(), left.isNegative() ? "expired on" : "expires on", certificate.notAfter());
            }
        }
    }

    /** Stops watching and removes the meters. Open connections keep their sessions. */
    @Override
    public synchronized void close() {
        closed = true;
        watch.close();
        meters.unregister();
    }

    @Override
    public String toString() {
        return "TlsListener[" + listener + ", " + Objects.toString(certificates()) + "]";
    }
}
