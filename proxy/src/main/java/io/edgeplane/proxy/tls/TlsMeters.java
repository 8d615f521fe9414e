package io.edgeplane.proxy.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS listener's meters: failed handshakes by reason, and the days until each certificate it serves
 * expires ({@code edgeplane_proxy_tls_certificate_expiry_days}), which follow the certificates as files are
 * reloaded. Nothing is registered before {@link #register}: a listener is built while a reload is prepared,
 * and until it is committed the series of the same name belong to the one it replaces.
 */
final class TlsMeters {

    private final MeterRegistry registry;
    private final String listener;
    private final Clock clock;
    private final List<Meter> expiry = new ArrayList<>();
    private volatile Counters counters;

    private record Counters(Counter notTls, Counter timeout, Counter closed, Counter failed) {
        List<Meter> all() {
            return List.of(notTls, timeout, closed, failed);
        }
    }

    TlsMeters(MeterRegistry registry, String listener, Clock clock) {
        this.registry = registry;
        this.listener = listener;
        this.clock = clock;
    }

    synchronized void register(List<ServerCertificate> certificates) {
        if (counters == null) {
            counters = new Counters(failures("not_tls"), failures("timeout"), failures("closed"), failures("failed"));
        }
        certificates(certificates);
    }

    private Counter failures(String reason) {
        return Counter.builder("edgeplane.proxy.tls.handshake.failures")
                .description("TLS handshakes that failed, by listener and reason (not_tls: the client spoke something else)")
                .tags("listener", listener, "reason", reason).register(registry);
    }

    /** Replaces the expiry gauges with those of {@code certificates}; no-op once unregistered. */
    synchronized void certificates(List<ServerCertificate> certificates) {
        if (counters == null) {
            return;
        }
        expiry.forEach(registry::remove);
        expiry.clear();
        for (ServerCertificate certificate : certificates) {
            expiry.add(Gauge.builder("edgeplane.proxy.tls.certificate.expiry.days", certificate, this::daysLeft)
                    .description("Days until a certificate a TLS listener serves expires (negative once it has)")
                    .tags("listener", listener, "subject", certificate.subject(), "file", certificate.source())
                    .register(registry));
        }
    }

    double daysLeft(ServerCertificate certificate) {
        return Duration.between(clock.instant(), certificate.notAfter()).toSeconds() / 86_400.0;
    }

    synchronized void unregister() {
        Counters current = counters;
        if (current != null) {
            current.all().forEach(registry::remove);
        }
        counters = null;
        expiry.forEach(registry::remove);
        expiry.clear();
    }

    /** Counts a failed handshake by what it failed on. */
    void handshakeFailed(Throwable cause) {
        Counters current = counters;
        if (current == null) {
            return;
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Counter counter = switch (t) {
                case NotSslRecordException ignored -> current.notTls();
                case SslHandshakeTimeoutException ignored -> current.timeout();
                case ClosedChannelException ignored -> current.closed();
                default -> null;
            };
            if (counter != null) {
                counter.increment();
                return;
            }
        }
        current.failed().increment();
    }
}
