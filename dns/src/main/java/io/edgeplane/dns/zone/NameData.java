package io.edgeplane.dns.zone;

import io.netty.handler.codec.dns.DnsRecordType;

/**
 * One local name's answers, one per kind of question, built before the name is published so a lookup is an
 * array read. A name with a CNAME leaves the slots it cannot settle alone {@code null}: the zone fills them in
 * when the chain's end is static, and follows the chain at lookup time otherwise.
 */
final class NameData {

    static final int A = 0;
    static final int AAAA = 1;
    static final int CNAME = 2;
    static final int MX = 3;
    static final int TXT = 4;
    static final int SRV = 5;
    static final int PTR = 6;
    static final int ANY = 7;
    /** Every other type: local data never has it, so one answer serves all of them. */
    static final int OTHER = 8;
    static final int SLOTS = 9;

    /** The RRsets ANY answers with, first present wins (RFC 8482 §4.1: one RRset). */
    static final int[] ANY_ORDER = {A, AAAA, CNAME, MX, TXT, SRV, PTR};

    final LocalAnswer[] answers;
    /** The name's CNAME record, or {@code null}. */
    final ResourceRecord cname;
    /** The CNAME's target, or {@code null}. */
    final String cnameTarget;

    NameData(LocalAnswer[] answers, ResourceRecord cname, String cnameTarget) {
        this.answers = answers;
        this.cname = cname;
        this.cnameTarget = cnameTarget;
    }

    /** The slot of a question type; a switch on the code, because this runs for every query. */
    static int slot(DnsRecordType type) {
        return switch (type.intValue()) {
            case 1 -> A;
            case 28 -> AAAA;
            case 5 -> CNAME;
            case 15 -> MX;
            case 16 -> TXT;
            case 33 -> SRV;
            case 12 -> PTR;
            case 255 -> ANY;
            default -> OTHER;
        };
    }

    /** The slot a record of {@code type} is stored under; only the types local data has. */
    static int dataSlot(DnsRecordType type) {
        int slot = slot(type);
        if (slot == ANY || slot == OTHER) {
            throw new IllegalArgumentException("local data has no " + type.name() + " records");
        }
        return slot;
    }
}
