package io.edgeplane.dns.forward;

import java.util.Arrays;
import java.util.Objects;

/**
 * One upstream query as sent, and the test a reply must pass to be taken as its answer (RFC 5452 §9.1, and what
 * dnsmasq lacked in DNSpooq, CVE-2020-25684/25685/25686): the same ID, QR set, opcode QUERY, and exactly one
 * question equal byte for byte, case included, to the one sent. (The source address and port are checked by
 * whoever received it.)
 *
 * @param id       the header's ID
 * @param question the question as written: the name in the case sent, type and class
 * @param message  the whole query: header with RD set, the question, an OPT record advertising {@link #EDNS_PAYLOAD}
 */
record SentQuery(int id, byte[] question, byte[] message) {

    /** The UDP payload size advertised upstream: the DNS Flag Day 2020 value, below common path MTUs. */
    static final int EDNS_PAYLOAD = 1232;
    static final int HEADER = 12;
    private static final int OPT_LENGTH = 11;
    private static final int TYPE_OPT = 41;

    SentQuery {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The query for {@code name} (dotted, no trailing dot, "" for the root; in the case to send) as ID {@code id}.
     *
     * @throws IllegalArgumentException if the name is not a DNS name: an empty label, a label over 63 bytes, over
     *                                  255 bytes in all, or a character above U+00FF
     */
    static SentQuery create(int id, String name, int qtype, int qclass, boolean dnssecOk) {
        Objects.requireNonNull(name, "name");
        byte[] wireName = encodeName(name);
        byte[] question = new byte[wireName.length + 4];
        System.arraycopy(wireName, 0, question, 0, wireName.length);
        putShort(question, wireName.length, qtype);
        putShort(question, wireName.length + 2, qclass);

        byte[] message = new byte[HEADER + question.length + OPT_LENGTH];
        putShort(message, 0, id);
        putShort(message, 2, 0x0100);
        putShort(message, 4, 1);
        putShort(message, 10, 1);
        System.arraycopy(question, 0, message, HEADER, question.length);
        int opt = HEADER + question.length;
        // The root's name (one zero byte, already there), type OPT, the payload size as its class, extended
        // RCODE and version 0, the DO bit, no options.
        putShort(message, opt + 1, TYPE_OPT);
        putShort(message, opt + 3, EDNS_PAYLOAD);
        putShort(message, opt + 7, dnssecOk ? 0x8000 : 0);
        return new SentQuery(id, question, message);
    }

    /** Whether {@code reply} is the answer to this query by its header and question; never throws. */
    boolean isAnsweredBy(byte[] reply) {
        if (reply.length < HEADER + question.length) {
            return false;
        }
        int flags = ReplyHeader.u16(reply, 2);
        return ReplyHeader.u16(reply, 0) == id
                && (flags & 0x8000) != 0
                && (flags & 0x7800) == 0
                && ReplyHeader.u16(reply, 4) == 1
                && Arrays.equals(reply, HEADER, HEADER + question.length, question, 0, question.length);
    }

    private static byte[] encodeName(String name) {
        byte[] out = new byte[name.isEmpty() ? 1 : name.length() + 2];
        int at = 0;
        int start = 0;
        while (start < name.length()) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            int length = end - start;
            if (length < 1 || length > 63) {
                throw new IllegalArgumentException("'" + name + "' has a label of " + length + " characters; a label is 1..63");
            }
            out[at++] = (byte) length;
            for (int i = start; i < end; i++) {
                char c = name.charAt(i);
                if (c > 0xFF) {
                    throw new IllegalArgumentException("'" + name + "' has a character above U+00FF; names are bytes");
                }
                out[at++] = (byte) c;
            }
            start = end + 1;
            if (dot == name.length() - 1) {
                throw new IllegalArgumentException("'" + name + "' ends in a dot; names are given without the root's");
            }
        }
        if (out.length > 255) {
            throw new IllegalArgumentException("'" + name + "' is " + out.length + " bytes on the wire; at most 255");
        }
        return out;
    }

    private static void putShort(byte[] out, int at, int value) {
        out[at] = (byte) (value >> 8);
        out[at + 1] = (byte) value;
    }
}
