package io.edgeplane.proxy.tls;

import io.edgeplane.config.proxy.UpstreamTlsConfig;
import io.edgeplane.config.value.HostPort;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS to one upstream pool's servers: the client context, built once per pool config off the event loops,
 * the handler each new connection starts with, and the check of the server's name once its handshake is
 * done. The CA file and the client certificate are watched as a listener's certificates are; a change is
 * loaded into a new context that new connections use, and open ones keep theirs.
 *
 * <p>A context holds one session cache for the pool, keyed by the address connected to (not by the name,
 * which several servers may share), so a reconnect to a server resumes its last session. The name is
 * checked after the handshake rather than inside it, as nginx does: the check then covers resumed
 * sessions too, and it can name the server and what its certificate is for.
 */
public final class UpstreamTls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamTls.class);
    private static final int MAX_DETAIL = 200;

    private final String pool;
    private final UpstreamTlsConfig config;
    private final TlsProvider provider;
    private final FileWatch watch;
    private volatile SslContext context;
    private boolean closed;

    private UpstreamTls(String pool, UpstreamTlsConfig config, TlsProvider provider, Executor blocking, SslContext context,
                        String digest) {
        this.pool = pool;
        this.config = config;
        this.provider = provider;
        this.context = context;
        boolean files = config.ca().isPresent() || config.certificate().isPresent();
        this.watch = new FileWatch(files ? config.watchInterval() : Duration.ZERO, blocking,
                () -> CertificateSources.digest(config), digest, this::reload);
    }

    /** Reads the files of {@code config} and builds its context; the file watch starts with {@link #start()}. */
    public static UpstreamTls prepare(String pool, UpstreamTlsConfig config, TlsProvider provider, Executor blocking)
            throws TlsSetupException {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(config, "config");
        String digest = CertificateSources.digest(config);
        return new UpstreamTls(pool, config, provider, blocking, build(config, provider), digest);
    }

    private static SslContext build(UpstreamTlsConfig config, TlsProvider provider) throws TlsSetupException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider.netty())
                .protocols(config.protocols())
                // The name is checked after the handshake, by checkPeer: the engine's peer host is the address.
                .endpointIdentificationAlgorithm(null);
        if (!config.verify()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (config.ca().isPresent()) {
            builder.trustManager(CertificateSources.cas(Path.of(config.ca().get())));
        }
        // Else the JDK's trust store (its cacerts), which a builder without a trust manager uses.
        if (config.certificate().isPresent()) {
            ServerCertificate client = CertificateSources.certificate(config.certificate().get());
            builder.keyManager(client.key(), client.chain());
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("the " + provider.label() + " TLS provider refuses these settings: " + e.getMessage(), e);
        }
    }

    /** Starts watching the CA and certificate files, if there are any and a watch interval. */
    public void start() {
        watch.start();
    }

    /** Whom connections to the server at {@code address} must reach: {@code server_name}, else the server's own name. */
    public TlsPeer peer(HostPort address) {
        if (config.serverName().isPresent()) {
            return TlsPeer.named(config.serverName().get());
        }
        return address.isIpLiteral() ? TlsPeer.address() : TlsPeer.named(address.host());
    }

    /**
     * The first handler of a new connection to {@code remote}; it starts the handshake as soon as it is in
     * an active channel's pipeline.
     */
    public SslHandler newHandler(ByteBufAllocator allocator, TlsPeer peer, InetSocketAddress remote, Duration handshakeTimeout) {
        SslContext current = context;
        // The address and port key the session cache: without them (session_reuse: false) nothing is cached or resumed.
        SslHandler handler = config.sessionReuse()
                ? current.newHandler(allocator, remote.getAddress().getHostAddress(), remote.getPort())
                : current.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(Math.max(1, handshakeTimeout.toMillis()));
        if (peer.sni().isPresent()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setServerNames(List.of(peer.sni().get()));
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    /**
     * After a successful handshake: whether the server's certificate is for {@code peer}'s name, or for the
     * address connected to; empty when it is (or when nothing is verified). A server that is not the one meant
     * loses its session, so that no later connection resumes it.
     */
    public Optional<UpstreamTlsException> checkPeer(SSLEngine engine, TlsPeer peer, InetSocketAddress remote) {
        if (!config.verify()) {
            return Optional.empty();
        }
        SSLSession session = engine.getSession();
        X509Certificate leaf;
        try {
            Certificate[] chain = session.getPeerCertificates();
            leaf = (X509Certificate) chain[0];
        } catch (SSLPeerUnverifiedException | ClassCastException | ArrayIndexOutOfBoundsException e) {
            return Optional.of(new UpstreamTlsException(UpstreamTlsException.FAILED,
                    "TLS with " + peer.describe(remote) + ": the server sent no certificate", e));
        }
        boolean matches = peer.name().isPresent()
                ? CertificateNames.matchesName(leaf, peer.name().get())
                : CertificateNames.matchesAddress(leaf, remote.getAddress());
        if (matches) {
            return Optional.empty();
        }
        session.invalidate();
        return Optional.of(new UpstreamTlsException(UpstreamTlsException.NAME_MISMATCH, "TLS with " + peer.describe(remote)
                + ": the certificate is for " + CertificateNames.all(leaf) + ", not "
                + peer.name().orElse(remote.getAddress().getHostAddress()), null));
    }

    /** What a failed handshake with {@code remote} failed on, as the exception the connect attempt fails with. */
    public UpstreamTlsException failure(Throwable cause, TlsPeer peer, InetSocketAddress remote) {
        String reason = reasonOf(cause);
        return new UpstreamTlsException(reason, "TLS handshake with " + peer.describe(remote) + " failed (" + reason + "): "
                + detail(cause), cause);
    }

    private static String reasonOf(Throwable cause) {
        String reason = UpstreamTlsException.FAILED;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            switch (t) {
                case NotSslRecordException ignored -> {
                    return UpstreamTlsException.NOT_TLS;
                }
                case SslHandshakeTimeoutException ignored -> {
                    return UpstreamTlsException.TIMEOUT;
                }
                case CertificateExpiredException ignored -> {
                    return UpstreamTlsException.EXPIRED;
                }
                case CertificateNotYetValidException ignored -> {
                    return UpstreamTlsException.EXPIRED;
                }
                case CertPathValidatorException invalid when invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || invalid.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID -> {
                    return UpstreamTlsException.EXPIRED;
                }
                // Keep looking: an expiry may lie deeper in the chain of causes.
                case CertificateException ignored -> reason = UpstreamTlsException.UNTRUSTED;
                default -> {
                }
            }
        }
        return reason;
    }

    /**
     * The innermost message worth reading: an SSLHandshakeException's own is often only "General OpenSslEngine
     * problem". Cut short, as a NotSslRecordException's holds a hex dump of what came instead.
     */
    private static String detail(Throwable cause) {
        String detail = cause.toString();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                detail = t.getMessage();
            }
        }
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "...";
    }

    /**
     * Loads the files again and, if they are good, uses them from the next connection on.
     *
     * @return why the files cannot be used (the ones in use stay), or empty when they are in use now
     */
    public Optional<String> reload() {
        SslContext next;
        try {
            next = build(config, provider);
        } catch (TlsSetupException | RuntimeException e) {
            log.warn("proxy: upstream {}: tls: files cannot be used, keeping the ones in use: {}", pool, e.getMessage());
            return Optional.of(String.valueOf(e.getMessage()));
        }
        synchronized (this) {
            if (closed) {
                return Optional.of("the pool was stopped");
            }
            context = next;
        }
        log.info("proxy: upstream {}: tls: CA and certificate files reloaded", pool);
        return Optional.empty();
    }

    /** Checks the files now instead of at the next interval; for tests. */
    void checkFiles() {
        watch.check();
    }

    /** Stops watching the files. Open connections keep their sessions. */
    @Override
    public synchronized void close() {
        closed = true;
        watch.close();
    }

    @Override
    public String toString() {
        return "UpstreamTls[" + pool + ", " + provider.label() + ", " + config + "]";
    }
}
