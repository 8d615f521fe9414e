package io.edgeplane.dns.cache;

/** An upstream reply that breaks RFC 1035's format; caught where the reply is digested, never thrown further. */
final class MalformedReply extends RuntimeException {

    MalformedReply(String message) {
        // No stack trace: a hostile upstream could otherwise make every reply cost one.
        super(message, null, false, false);
    }
}
