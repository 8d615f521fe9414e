package io.edgeplane.proxy.resolve;

import java.io.IOException;
import java.util.Objects;

/** A name that did not resolve, with the reason in words an operator can act on. */
public final class NameLookupException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final String reason;

    /**
     * @param reason such as {@code host not found} or {@code no answer within 5s}
     */
    public NameLookupException(String host, String reason, Throwable cause) {
        super("cannot resolve " + host + " (" + reason + ")", cause);
        this.host = Objects.requireNonNull(host, "host");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String host() {
        return host;
    }

    /** Why, without the name: {@code host not found}, {@code the name server answered ServFail(2)}. */
    public String reason() {
        return reason;
    }
}
