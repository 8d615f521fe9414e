package io.edgeplane.core.lifecycle;

/**
 * A service that cannot apply a config, with a message that names what failed:
 * {@code admin: cannot listen on 127.0.0.1:8404: Address already in use}.
 */
public final class ServiceException extends Exception {

    private static final long serialVersionUID = 1L;

    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }

    public ServiceException(String message) {
        super(message);
    }
}
