package io.edgeplane.dns.server;

import io.edgeplane.dns.cache.CachedAnswer;
import io.edgeplane.dns.zone.ResourceRecord;
import java.util.List;

/**
 * Writes an answer in wire form (RFC 1035 §4.1): header, the question copied from the query byte for byte (so
 * its case comes back as the client sent it, which 0x20-randomising resolvers check), the answer records, and an OPT record when the
 * query had one. Owner names equal to the question's are written as a pointer to it (0xC00C), which keeps
 * answers small. What does not fit the client's limit is sent with TC set and no records (RFC 2181 §9), so
 * the client asks again over TCP.
 */
final class ResponseWriter {

    static final int RCODE_NOERROR = 0;
    static final int RCODE_FORMERR = 1;
    static final int RCODE_SERVFAIL = 2;
    static final int RCODE_NXDOMAIN = 3;
    static final int RCODE_NOTIMP = 4;
    static final int RCODE_REFUSED = 5;
    /** BADVERS, RFC 6891 §6.1.3: 16, written as extended RCODE 1 with header RCODE 0. */
    static final int RCODE_BADVERS = 16;

    private static final int HEADER = 12;
    private static final int POINTER_TO_QUESTION = 0xC000 | HEADER;
    /** An OPT record without options: root name, type, class, TTL, RDLENGTH. */
    private static final int OPT_LENGTH = 11;

    private final int serverPayload;
    private final boolean recursionAvailable;

    /**
     * @param serverPayload      the EDNS UDP payload size this server advertises
     * @param recursionAvailable whether every answer says RA: the server forwards (RFC 1035 §4.1.1)
     */
    ResponseWriter(int serverPayload, boolean recursionAvailable) {
        this.serverPayload = serverPayload;
        this.recursionAvailable = recursionAvailable;
    }

    ResponseWriter(int serverPayload) {
        this(serverPayload, false);
    }

    /** How the answer's flags are set. */
    record Flags(boolean authoritative, boolean recursionAvailable) {
        static final Flags LOCAL = new Flags(true, false);
        static final Flags NONE = new Flags(false, false);
    }

    /**
     * Writes the answer to {@code query}, read from {@code message} (the query's bytes from its start), into
     * {@code out} (from empty), within {@code limit} bytes: truncated to the header, question and OPT record with
     * TC set when the records do not fit.
     *
     * @return whether it was truncated
     */
    boolean write(Query query, byte[] message, int rcode, Flags flags, List<ResourceRecord> answers, int limit,
                  AnswerBuffer out) {
        out.reset();
        boolean truncated = false;
        writeHeader(query, rcode, flags, answers.size(), false, out);
        writeQuestion(query, message, out);
        // Indexed, not for-each: the iterator of an immutable list is an allocation per answer otherwise.
        for (int i = 0, n = answers.size(); i < n && out.length() <= limit; i++) {
            ResourceRecord record = answers.get(i);
            if (out.room() < record.rdata().length + 512) {
                // Past any limit there is: stop here, the answer is truncated below.
                out.truncate(limit + 1);
                break;
            }
            writeRecord(query, record, out);
        }
        if (query.edns().present() && out.length() <= limit) {
            writeOpt(query, rcode, out);
        }
        if (out.length() > limit) {
            truncated = true;
            out.reset();
            writeHeader(query, rcode, flags, 0, true, out);
            writeQuestion(query, message, out);
            if (query.edns().present()) {
                writeOpt(query, rcode, out);
            }
        }
        return truncated;
    }

    /**
     * Writes a forwarded answer kept in the cache (or just received) as the answer to {@code query}: the
     * client's ID and question, the cached records with their TTLs counted down to {@code nowNanos}, and this
     * server's OPT record; truncated as {@link #write} truncates.
     *
     * @return whether it was truncated
     */
    boolean writeCached(Query query, byte[] message, CachedAnswer cached, long nowNanos, int limit, AnswerBuffer out) {
        out.reset();
        int rcode = cached.rcode();
        int fixed = HEADER + query.questionLength() + (query.edns().present() ? OPT_LENGTH : 0);
        boolean fits = fixed + cached.bodyLength() <= limit && fixed + cached.bodyLength() <= out.room();
        writeHeader(query, rcode, Flags.NONE, fits ? cached.answerCount() : 0, !fits, out);
        if (fits) {
            out.patchShort(8, cached.authorityCount());
        }
        writeQuestion(query, message, out);
        if (fits) {
            out.setLength(cached.writeBody(out.data(), out.length(), nowNanos));
        }
        if (query.edns().present()) {
            writeOpt(query, rcode, out);
        }
        return !fits;
    }

    /** FORMERR (or another code) for a query that could not be read past its header: no question to echo. */
    static void writeBare(int id, int opcode, boolean recursionDesired, int rcode, AnswerBuffer out) {
        out.reset();
        out.writeShort(id);
        out.writeShort(0x8000 | (opcode & 0xF) << 11 | (recursionDesired ? 0x0100 : 0) | (rcode & 0xF));
        for (int count = 0; count < 4; count++) {
            out.writeShort(0);
        }
    }

    private void writeHeader(Query query, int rcode, Flags flags, int answers, boolean truncated, AnswerBuffer out) {
        int bits = 0x8000 | (query.opcode() & 0xF) << 11;
        if (flags.authoritative()) {
            bits |= 0x0400;
        }
        if (truncated) {
            bits |= 0x0200;
        }
        if (query.recursionDesired()) {
            bits |= 0x0100;
        }
        if (flags.recursionAvailable() || recursionAvailable) {
            bits |= 0x0080;
        }
        if (query.checkingDisabled()) {
            bits |= 0x0010;
        }
        bits |= rcode & 0xF;
        out.writeShort(query.id());
        out.writeShort(bits);
        out.writeShort(query.questions() > 0 ? 1 : 0);
        out.writeShort(answers);
        out.writeShort(0);
        out.writeShort(query.edns().present() ? 1 : 0);
    }

    private static void writeQuestion(Query query, byte[] message, AnswerBuffer out) {
        if (query.questions() > 0) {
            out.writeBytes(message, HEADER, query.questionLength());
        }
    }

    private static void writeRecord(Query query, ResourceRecord record, AnswerBuffer out) {
        if (record.name().equals(query.canonical())) {
            out.writeShort(POINTER_TO_QUESTION);
        } else {
            out.writeName(record.name());
        }
        out.writeShort(record.type().intValue());
        out.writeShort(1);
        out.writeInt((int) Math.min(record.ttl(), Integer.MAX_VALUE));
        byte[] rdata = record.rdata();
        out.writeShort(rdata.length);
        out.writeBytes(rdata, 0, rdata.length);
    }

    private void writeOpt(Query query, int rcode, AnswerBuffer out) {
        out.writeByte(0);
        out.writeShort(41);
        out.writeShort(serverPayload);
        // Extended RCODE (upper 8 bits of a 12-bit code), version 0, the DO bit echoed; no options.
        out.writeByte(rcode >> 4);
        out.writeByte(0);
        out.writeShort(query.edns().dnssecOk() ? 0x8000 : 0);
        out.writeShort(0);
    }

    /** The UDP limit for an answer to {@code query}: 512 without EDNS, else the smaller of both sides' sizes. */
    int udpLimit(Query query) {
        return query.edns().present() ? Math.min(query.edns().payloadSize(), serverPayload) : 512;
    }
}
