package io.edgeplane.dns.forward;

/**
 * The header fields of an accepted reply that decide what happens next: TC (ask again over TCP) and the RCODE
 * (SERVFAIL and REFUSED: ask the next server). Only read once {@link SentQuery#isAnsweredBy} passed, which
 * checked there are 12 bytes.
 */
record ReplyHeader(boolean truncated, int rcode) {

    static final int RCODE_SERVFAIL = 2;
    static final int RCODE_REFUSED = 5;

    static ReplyHeader read(byte[] reply) {
        int flags = u16(reply, 2);
        return new ReplyHeader((flags & 0x0200) != 0, flags & 0xF);
    }

    /** Whether the server turned the query down rather than answering it: another server may. */
    boolean serverFailed() {
        return rcode == RCODE_SERVFAIL || rcode == RCODE_REFUSED;
    }

    static int u16(byte[] message, int at) {
        return (message[at] & 0xFF) << 8 | (message[at + 1] & 0xFF);
    }
}
