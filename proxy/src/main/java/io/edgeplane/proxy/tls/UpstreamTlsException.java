package io.edgeplane.proxy.tls;

import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * A TLS handshake with an upstream server that failed, or succeeded with a server that is not the one
 * meant: the connection is not used, and the attempt counts as a failed connect. The message says which
 * server, which name and what was wrong; {@link #reason()} is the metric label.
 */
public final class UpstreamTlsException extends SSLException {

    /** The certificate does not chain to a trusted CA (or is otherwise invalid). */
    public static final String UNTRUSTED = "untrusted";
    /** The certificate, or one above it, has expired or is not valid yet. */
    public static final String EXPIRED = "expired";
    /** The certificate is valid but for another name or address. */
    public static final String NAME_MISMATCH = "name_mismatch";
    /** The server answered with something other than TLS (plain HTTP, most likely). */
    public static final String NOT_TLS = "not_tls";
    /** The handshake did not finish within {@code timeouts.connect}. */
    public static final String TIMEOUT = "timeout";
    /**
     * Anything else: no protocol or cipher in common, a closed connection, a TLS 1.2 server that refused our
     * client certificate (a TLS 1.3 server refuses it after the handshake, which the connection sees as lost).
     */
    public static final String FAILED = "failed";

    /** Every reason, in the order the meters list them. */
    public static final List<String> REASONS = List.of(UNTRUSTED, EXPIRED, NAME_MISMATCH, NOT_TLS, TIMEOUT, FAILED);

    private final String reason;

    UpstreamTlsException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("unknown reason " + reason);
        }
    }

    /** One of {@link #REASONS}. */
    public String reason() {
        return reason;
    }
}
