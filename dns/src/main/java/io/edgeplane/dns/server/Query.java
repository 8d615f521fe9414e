package io.edgeplane.dns.server;

import io.netty.handler.codec.dns.DnsRecordType;
import java.util.Objects;

/**
 * One decoded query, as much of it as answering needs: the header's ID and flags, its one question, and
 * its EDNS OPT record if it had one.
 *
 * @param id          the query's ID, echoed in the answer
 * @param opcode      the header's opcode (0 = QUERY)
 * @param recursionDesired the RD flag, echoed
 * @param checkingDisabled the CD flag, echoed
 * @param canonical   the question's name in lower case without the trailing dot, for lookups; "" for the root
 * @param type        the question's type
 * @param qclass      the question's class (1 = IN)
 * @param questions   how many questions the query had (exactly one is answerable)
 * @param questionLength the first question's length on the wire, name, type and class, from byte 12 of the
 *                    message: the answer copies it back as the client sent it (case included)
 * @param edns        the client's EDNS record; {@link Edns#NONE} without one
 */
record Query(int id, int opcode, boolean recursionDesired, boolean checkingDisabled, String canonical,
             DnsRecordType type, int qclass, int questions, int questionLength, Edns edns) {

    Query {
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(edns, "edns");
    }

    /**
     * A query's EDNS (RFC 6891) as it bears on the answer.
     *
     * @param present     whether the query had an OPT record
     * @param payloadSize the UDP payload size the client can take (at least 512)
     * @param version     the EDNS version it speaks (0 is the only one)
     * @param dnssecOk    the DO bit, echoed
     */
    record Edns(boolean present, int payloadSize, int version, boolean dnssecOk) {

        static final Edns NONE = new Edns(false, 512, 0, false);
    }
}
