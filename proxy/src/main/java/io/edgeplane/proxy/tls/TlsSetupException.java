package io.edgeplane.proxy.tls;

/**
 * A TLS listener that cannot be set up as configured: a certificate, key or CA file that cannot be used, or a
 * cipher or group the TLS provider lacks. The message names the file or value and what is wrong with it.
 */
public final class TlsSetupException extends Exception {

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
