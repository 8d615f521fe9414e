package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DnsRecordType;

/**
 * Reads a query off the wire (RFC 1035 §4.1) with a bounds check on every read, and never throws: what does
 * not parse is {@link Decoded.Malformed}, which still knows the query's ID when the 12-byte header was there,
 * so the answer can be FORMERR rather than silence. A message with QR set (a response sent to a server) is
 * {@link Decoded.NotAQuery}: answering it would make two servers bounce packets off each other.
 *
 * <p>Hand-written rather than Netty's {@code DatagramDnsQueryDecoder}: that one builds a message object, a
 * question object, a record object per additional record and their names as strings for every query, about
 * 1.3 KB per query, which a server answering hundreds of thousands a second cannot afford. This reads only
 * what answering needs: the header, the one question (its name lower-cased into one string, and where its
 * bytes are, so the answer can copy them back in the client's case), and the OPT record.
 *
 * <p>One per channel: it reuses a scratch buffer, and a channel reads on one thread.
 */
final class QueryParser {

    /** What came of a packet. */
    sealed interface Decoded {
        record Ok(Query query) implements Decoded {
        }

        /** Not readable; {@code id} is -1 when not even the header was complete. */
        record Malformed(int id, int opcode, boolean recursionDesired) implements Decoded {
        }

        record NotAQuery() implements Decoded {
        }
    }

    private static final int HEADER = 12;
    private static final int MAX_NAME = 255;
    private static final int TYPE_OPT = 41;
    private static final Decoded NOT_A_QUERY = new Decoded.NotAQuery();
    private static final Decoded TOO_SHORT = new Decoded.Malformed(-1, 0, false);

    /** The largest message: a TCP frame's length is 16 bits. */
    private static final int MAX_MESSAGE = 65535;

    /** The question's name in lower case, as it is read: at most 255 wire bytes make at most 254 characters. */
    private final char[] name = new char[MAX_NAME];
    /**
     * The message, copied out of its buffer in one call: reading the buffer byte by byte would check its
     * bounds and its reference count on every byte, which profiling showed as the parser's main cost.
     */
    private final byte[] bytes = new byte[MAX_MESSAGE];
    /** How much of {@link #name} the last name read filled. */
    private int nameLength;

    /** The bytes of the message parsed last, from its first; the answer copies its question from them. */
    byte[] message() {
        return bytes;
    }

    /** Reads the message in {@code buffer} from its reader index; does not move the index or release it. */
    Decoded parse(ByteBuf buffer) {
        int length = Math.min(buffer.readableBytes(), MAX_MESSAGE);
        if (length < HEADER) {
            return TOO_SHORT;
        }
        buffer.getBytes(buffer.readerIndex(), bytes, 0, length);
        byte[] message = bytes;
        int start = 0;
        int end = length;
        int id = u16(message, start);
        int flags = u16(message, start + 2);
        if ((flags & 0x8000) != 0) {
            return NOT_A_QUERY;
        }
        int opcode = (flags >> 11) & 0xF;
        boolean recursionDesired = (flags & 0x0100) != 0;
        int questions = u16(message, start + 4);
        int answers = u16(message, start + 6);
        int authorities = u16(message, start + 8);
        int additionals = u16(message, start + 10);
        int at = start + HEADER;
        String canonical = "";
        int questionEnd = at;
        DnsRecordType type = DnsRecordType.A;
        int qclass = 1;
        if (questions > 0) {
            int nameEnd = readQuestionName(message, at, end);
            if (nameEnd < 0 || nameEnd + 4 > end) {
                return malformed(id, opcode, recursionDesired);
            }
            canonical = nameLength == 0 ? "" : new String(name, 0, nameLength);
            type = DnsRecordType.valueOf(u16(message, nameEnd));
            qclass = u16(message, nameEnd + 2);
            questionEnd = nameEnd + 4;
            at = questionEnd;
            // Further questions are skipped over: a query has one (the answer to several is FORMERR).
            for (int q = 1; q < questions; q++) {
                at = skipName(message, at, end);
                if (at < 0 || at + 4 > end) {
                    return malformed(id, opcode, recursionDesired);
                }
                at += 4;
            }
        }
        for (int r = 0; r < answers + authorities; r++) {
            at = skipRecord(message, at, end);
            if (at < 0) {
                return malformed(id, opcode, recursionDesired);
            }
        }
        Query.Edns edns = Query.Edns.NONE;
        for (int r = 0; r < additionals; r++) {
            int nameEnd = skipName(message, at, end);
            if (nameEnd < 0 || nameEnd + 10 > end) {
                return malformed(id, opcode, recursionDesired);
            }
            if (u16(message, nameEnd) == TYPE_OPT) {
                if (edns.present() || nameEnd != at + 1) {
                    // RFC 6891 §6.1.1: one OPT record, owned by the root; anything else is FORMERR.
                    return malformed(id, opcode, recursionDesired);
                }
                int payload = u16(message, nameEnd + 2);
                long ttl = ((long) u16(message, nameEnd + 4) << 16) | u16(message, nameEnd + 6);
                edns = new Query.Edns(true, Math.max(512, payload), (int) ((ttl >> 16) & 0xFF), (ttl & 0x8000) != 0);
            }
            at = nameEnd + 10 + u16(message, nameEnd + 8);
            if (at > end) {
                return malformed(id, opcode, recursionDesired);
            }
        }
        return new Decoded.Ok(new Query(id, opcode, recursionDesired, (flags & 0x0010) != 0, canonical,
                type, qclass, questions, questionEnd - start - HEADER, edns));
    }

    /**
     * Reads the question's name at {@code at} into {@link #name} (lower case, dots between labels) and returns
     * where it ends, or -1. A compression pointer is refused here: nothing precedes the first question for it
     * to point at. So is a dot inside a label: legal on the wire, never in a host name, and it would make the
     * dotted name mean other labels (a forwarded question would not be the one asked).
     */
    private int readQuestionName(byte[] message, int at, int end) {
        int length = 0;
        int wire = 0;
        while (true) {
            if (at >= end) {
                return -1;
            }
            int label = message[at++] & 0xFF;
            wire++;
            if (label == 0) {
                nameLength = length;
                return at;
            }
            if (label > 63 || at + label > end) {
                return -1;
            }
            wire += label;
            if (wire > MAX_NAME - 1) {
                return -1;
            }
            if (length > 0) {
                name[length++] = '.';
            }
            for (int i = 0; i < label; i++) {
                int c = message[at + i] & 0xFF;
                if (c == '.') {
                    return -1;
                }
                name[length++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            at += label;
        }
    }

    /** Where the name at {@code at} ends (after its terminating zero or its pointer), or -1. */
    private static int skipName(byte[] message, int at, int end) {
        int wire = 0;
        while (true) {
            if (at >= end) {
                return -1;
            }
            int label = message[at] & 0xFF;
            if ((label & 0xC0) == 0xC0) {
                // A pointer ends the name here; where it points is not followed (nothing there is needed).
                return at + 2 <= end ? at + 2 : -1;
            }
            if (label > 63) {
                return -1;
            }
            at += 1 + label;
            wire += 1 + label;
            if (label == 0) {
                return at;
            }
            if (wire > MAX_NAME) {
                return -1;
            }
        }
    }

    private static int skipRecord(byte[] message, int at, int end) {
        int nameEnd = skipName(message, at, end);
        if (nameEnd < 0 || nameEnd + 10 > end) {
            return -1;
        }
        int next = nameEnd + 10 + u16(message, nameEnd + 8);
        return next <= end ? next : -1;
    }

    private static int u16(byte[] message, int at) {
        return (message[at] & 0xFF) << 8 | (message[at + 1] & 0xFF);
    }

    private static Decoded malformed(int id, int opcode, boolean recursionDesired) {
        return new Decoded.Malformed(id, opcode, recursionDesired);
    }
}
