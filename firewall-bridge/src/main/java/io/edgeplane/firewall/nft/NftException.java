package io.edgeplane.firewall.nft;

/**
 * nft gave no usable answer: it could not be started, did not finish within its time, or printed what cannot be
 * read. The message says which, naming the command.
 */
public final class NftException extends Exception {

    private static final long serialVersionUID = 1L;

    public NftException(String message) {
        super(message);
    }

    public NftException(String message, Throwable cause) {
        super(message, cause);
    }
}
