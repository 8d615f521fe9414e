package io.edgeplane.dns.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an upstream's reply before anything in it is believed, and keeps what answers the question:
 * <ul>
 *   <li>the answer section's records on the question's CNAME chain (the question's name, then each CNAME's
 *       target), of the asked type, the chain's CNAMEs and their RRSIGs, in the question's class;</li>
 *   <li>for NXDOMAIN and no-data answers, the SOA of a zone the chain's last name is in (its negative TTL,
 *       RFC 2308 §5) and the NSEC/NSEC3 proofs and RRSIGs beside it;</li>
 *   <li>nothing from outside the answering server's domain (its bailiwick): a server asked about
 *       {@code corp.example} speaks for nothing else, so a chain leaving that domain stops there and the
 *       answer is not cached (the Kaminsky-style poisoning this prevents stays out of every later answer).</li>
 * </ul>
 * Everything else, the additional section included, is left out. The question's name is written as a pointer
 * to the client's own question, so the records fit behind any client's question for the same name.
 */
public final class ReplyDigest {

    static final int TYPE_NS = 2;
    static final int TYPE_CNAME = 5;
    static final int TYPE_SOA = 6;
    static final int TYPE_RRSIG = 46;
    static final int TYPE_NSEC = 47;
    static final int TYPE_NSEC3 = 50;
    static final int TYPE_ANY = 255;
    private static final int RCODE_NOERROR = 0;
    private static final int RCODE_NXDOMAIN = 3;
    private static final int HEADER = 12;
    /** More CNAMEs than any sane chain (unbound follows 11, BIND 16). */
    private static final int MAX_CHAIN = 16;

    private ReplyDigest() {
    }

    /**
     * @param reply     the upstream's reply, whole
     * @param qname     the question's canonical name (lower case, no trailing dot, "" for the root)
     * @param qtype     the question's type
     * @param bailiwick the domain the answering server speaks for, canonical; "" for all of them
     */
    public static Digested digest(byte[] reply, String qname, int qtype, String bailiwick) {
        try {
            return read(reply, Names.fromCanonical(qname), qtype, Names.fromCanonical(bailiwick));
        } catch (MalformedReply e) {
            return new Digested.Unusable("malformed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Digested.Unusable("the question cannot be matched: " + e.getMessage());
        }
    }

    private static Digested read(byte[] reply, byte[] qname, int qtype, byte[] bailiwick) {
        ReplyReader in = new ReplyReader(reply, 0);
        in.u16();
        int flags = in.u16();
        int questions = in.u16();
        int answers = in.u16();
        int authorities = in.u16();
        in.u16();
        if ((flags & 0x8000) == 0 || (flags >> 11 & 0xF) != 0) {
            return new Digested.Unusable("not a reply to a standard query");
        }
        if ((flags & 0x0200) != 0) {
            return new Digested.Unusable("truncated");
        }
        int rcode = flags & 0xF;
        if (rcode != RCODE_NOERROR && rcode != RCODE_NXDOMAIN) {
            return new Digested.Unusable("RCODE " + rcode);
        }
        if (questions != 1) {
            return new Digested.Unusable(questions + " questions");
        }
        byte[] asked = in.name();
        int askedType = in.u16();
        int qclass = in.u16();
        if (!Arrays.equals(asked, qname) || askedType != qtype) {
            return new Digested.Unusable("the reply is to another question");
        }
        if (!Names.isWithin(qname, bailiwick)) {
            // The server was never chosen for this name (a caller's mistake): nothing it says about it counts.
            return new Digested.Unusable("the question is outside the server's domain");
        }
        List<ReplyRecord> answerSection = records(in, reply, answers);
        List<ReplyRecord> authoritySection = records(in, reply, authorities);
        return new Digest(qname, qtype, qclass, bailiwick, rcode).of(answerSection, authoritySection);
    }

    private static List<ReplyRecord> records(ReplyReader in, byte[] reply, int count) {
        List<ReplyRecord> records = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            records.add(ReplyRecord.read(in, reply));
        }
        return records;
    }

    /** One reply's digestion: the chain followed, the records chosen, the answer built. */
    private static final class Digest {
        private final byte[] qname;
        private final int qtype;
        private final int qclass;
        private final byte[] bailiwick;
        private final int rcode;
        private final List<byte[]> chain = new ArrayList<>();
        private final List<ReplyRecord> chainCnames = new ArrayList<>();
        private boolean leftBailiwick;
        private boolean looped;

        Digest(byte[] qname, int qtype, int qclass, byte[] bailiwick, int rcode) {
            this.qname = qname;
            this.qtype = qtype;
            this.qclass = qclass;
            this.bailiwick = bailiwick;
            this.rcode = rcode;
        }

        Digested of(List<ReplyRecord> answerSection, List<ReplyRecord> authoritySection) {
            followChain(answerSection);
            byte[] last = chain.getLast();
            List<ReplyRecord> answers = new ArrayList<>();
            boolean data = false;
            for (ReplyRecord record : answerSection) {
                if (keepInAnswer(record, last)) {
                    answers.add(record);
                    data |= record.type() == qtype || qtype == TYPE_ANY && record.type() != TYPE_RRSIG;
                }
            }
            int dropped = answerSection.size() - answers.size();
            boolean negative = !leftBailiwick && (rcode == RCODE_NXDOMAIN || !data);
            List<ReplyRecord> authority = new ArrayList<>();
            ReplyRecord soa = null;
            if (negative) {
                for (ReplyRecord record : authoritySection) {
                    if (record.rclass() != qclass) {
                        dropped += record.type() == TYPE_SOA || isDenialProof(record.type()) ? 1 : 0;
                        continue;
                    }
                    if (record.type() == TYPE_SOA) {
                        if (soa == null && Names.isWithin(last, record.owner()) && Names.isWithin(record.owner(), bailiwick)) {
                            soa = record;
                            authority.add(record);
                        } else {
                            dropped++;
                        }
                    } else if (isDenialProof(record.type())) {
                        if (Names.isWithin(record.owner(), bailiwick)) {
                            authority.add(record);
                        } else {
                            dropped++;
                        }
                    }
                }
            }
            long negativeTtl = soa == null ? 0 : Math.min(soa.ttl(), soa.soaMinimum());
            BodyWriter body = new BodyWriter(qname);
            for (ReplyRecord record : answers) {
                record.writeTo(body, record.ttl());
            }
            for (ReplyRecord record : authority) {
                record.writeTo(body, record == soa ? negativeTtl : record.ttl());
            }
            WireRecords records = body.finish(answers.size(), authority.size());
            boolean cacheable = !leftBailiwick && !looped && (!negative || soa != null)
                    && !(answers.isEmpty() && authority.isEmpty());
            long ttl = answers.isEmpty() && authority.isEmpty() ? 0 : records.minTtl();
            return new Digested.Usable(rcode, negative, cacheable, ttl, dropped, records);
        }

        /** The question's name, then each CNAME's target while it stays inside the bailiwick. */
        private void followChain(List<ReplyRecord> answerSection) {
            chain.add(qname);
            if (qtype == TYPE_CNAME || qtype == TYPE_ANY) {
                return;
            }
            byte[] current = qname;
            for (int hop = 0; hop < MAX_CHAIN; hop++) {
                ReplyRecord cname = cnameOf(answerSection, current);
                if (cname == null) {
                    return;
                }
                byte[] target = cname.target();
                if (chain.stream().anyMatch(name -> Arrays.equals(name, target))) {
                    // A loop is the zone's error: passed on as it came, never kept as an answer.
                    looped = true;
                    return;
                }
                chainCnames.add(cname);
                if (!Names.isWithin(target, bailiwick)) {
                    leftBailiwick = true;
                    return;
                }
                chain.add(target);
                current = target;
            }
        }

        private ReplyRecord cnameOf(List<ReplyRecord> answerSection, byte[] owner) {
            for (ReplyRecord record : answerSection) {
                if (record.type() == TYPE_CNAME && record.rclass() == qclass && Arrays.equals(record.owner(), owner)) {
                    return record;
                }
            }
            return null;
        }

        private boolean keepInAnswer(ReplyRecord record, byte[] last) {
            if (record.rclass() != qclass) {
                return false;
            }
            if (record.type() == TYPE_CNAME && qtype != TYPE_CNAME && qtype != TYPE_ANY) {
                return chainCnames.contains(record);
            }
            boolean onChain = chain.stream().anyMatch(name -> Arrays.equals(name, record.owner()));
            if (record.type() == TYPE_RRSIG) {
                return onChain;
            }
            return Arrays.equals(record.owner(), last) && (record.type() == qtype || qtype == TYPE_ANY);
        }

        private static boolean isDenialProof(int type) {
            return type == TYPE_NSEC || type == TYPE_NSEC3 || type == TYPE_RRSIG;
        }
    }
}
