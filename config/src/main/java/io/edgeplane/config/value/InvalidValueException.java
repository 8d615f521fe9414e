package io.edgeplane.config.value;

/** A config value that does not parse; the message names the bad text and says what is wrong. */
public final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
