package io.edgeplane.dns.server;

import io.edgeplane.dns.zone.LocalAnswer;
import io.edgeplane.dns.zone.LocalZone;
import io.edgeplane.dns.zone.ResourceRecord;
import io.edgeplane.dns.zone.PrivateReverse;
import io.netty.handler.codec.dns.DnsRecordType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decides the answer to one query from the local zone and the forwarding policy: its RCODE, flags and
 * records, or {@link Decision#FORWARD} for the upstreams. Pure: no I/O, the same for UDP and TCP. Without
 * upstreams, a name with no local data is refused, as dnsmasq refuses it; names under the node's own domains
 * are NXDOMAIN.
 */
final class Responder {

    /** What to send: the code, the flags and the answer records. */
    record Decision(int rcode, ResponseWriter.Flags flags, List<ResourceRecord> answers) {
        static final Decision FORMERR = new Decision(ResponseWriter.RCODE_FORMERR, ResponseWriter.Flags.NONE, List.of());
        static final Decision NOTIMP = new Decision(ResponseWriter.RCODE_NOTIMP, ResponseWriter.Flags.NONE, List.of());
        static final Decision REFUSED = new Decision(ResponseWriter.RCODE_REFUSED, ResponseWriter.Flags.NONE, List.of());
        static final Decision BADVERS = new Decision(ResponseWriter.RCODE_BADVERS, ResponseWriter.Flags.NONE, List.of());
        static final Decision NXDOMAIN = new Decision(ResponseWriter.RCODE_NXDOMAIN, ResponseWriter.Flags.LOCAL, List.of());
        static final Decision NODATA = new Decision(ResponseWriter.RCODE_NOERROR, ResponseWriter.Flags.LOCAL, List.of());
        /** Not answered locally, never forwarded: domain-needed and bogus-priv (dnsmasq answers these so too). */
        static final Decision NOT_FORWARDED = new Decision(ResponseWriter.RCODE_NXDOMAIN, ResponseWriter.Flags.NONE, List.of());
        /** Rate-limited: an empty answer, sent truncated so that a real client retries over TCP. */
        static final Decision SLIPPED = new Decision(ResponseWriter.RCODE_NOERROR, ResponseWriter.Flags.NONE, List.of());
        /** Ask the upstreams (or the cache); compared by identity, its fields are never written. */
        static final Decision FORWARD = new Decision(ResponseWriter.RCODE_SERVFAIL, ResponseWriter.Flags.NONE, List.of());
    }

    /**
     * What happens to names without local data.
     *
     * @param forwarding   whether there are upstreams to ask
     * @param domainNeeded plain names (no dot) are never forwarded
     * @param bogusPriv    reverse names of private ranges are never forwarded
     */
    record ForwardPolicy(boolean forwarding, boolean domainNeeded, boolean bogusPriv) {
        static final ForwardPolicy NONE = new ForwardPolicy(false, true, true);
    }

    /** RFC 8482 §4.2: the TTL of the HINFO an ANY query for a forwarded name gets. */
    private static final long ANY_HINFO_TTL = 3600;
    /** RFC 8482 §4.2: HINFO with CPU "RFC8482" and an empty OS, as character-strings. */
    /** Netty names no HINFO (RFC 1035 §3.3.2, type 13). */
    private static final DnsRecordType HINFO = DnsRecordType.valueOf(13);
    private static final byte[] ANY_HINFO = hinfo("RFC8482", "");

    private static final int CLASS_IN = 1;
    private static final int CLASS_ANY = 255;

    private final LocalZone zone;
    private final ForwardPolicy policy;

    Responder(LocalZone zone, ForwardPolicy policy) {
        this.zone = zone;
        this.policy = policy;
    }

    Responder(LocalZone zone) {
        this(zone, ForwardPolicy.NONE);
    }

    Decision answer(Query query) {
        if (query.opcode() != 0) {
            // Only QUERY: NOTIFY, UPDATE and IQUERY are for other servers (RFC 1035 §4.1.1, RFC 3425).
            return Decision.NOTIMP;
        }
        if (query.edns().present() && query.edns().version() > 0) {
            return Decision.BADVERS;
        }
        if (query.questions() != 1) {
            return Decision.FORMERR;
        }
        if (query.qclass() != CLASS_IN && query.qclass() != CLASS_ANY) {
            // CHAOS (version.bind and friends) and the rest: nothing to say about them.
            return Decision.REFUSED;
        }
        DnsRecordType type = query.type();
        if (type == DnsRecordType.AXFR || type == DnsRecordType.IXFR) {
            // No zone transfers: the local data is not a zone to hand out.
            return Decision.REFUSED;
        }
        LocalAnswer answer = zone.lookup(query.canonical(), type);
        return switch (answer) {
            case LocalAnswer.Found found -> new Decision(ResponseWriter.RCODE_NOERROR, ResponseWriter.Flags.LOCAL, found.records());
            // A CNAME chain that ends at a name without the data, or without the name, is answered with the
            // chain and the end's code (RFC 6604 §2.1).
            case LocalAnswer.NoData noData -> noData.chain().isEmpty() ? Decision.NODATA
                    : new Decision(ResponseWriter.RCODE_NOERROR, ResponseWriter.Flags.LOCAL, noData.chain());
            case LocalAnswer.NxDomain nxDomain -> nxDomain.chain().isEmpty() ? Decision.NXDOMAIN
                    : new Decision(ResponseWriter.RCODE_NXDOMAIN, ResponseWriter.Flags.LOCAL, nxDomain.chain());
            case LocalAnswer.NotLocal notLocal -> notLocal(query);
        };
    }

    private Decision notLocal(Query query) {
        if (!policy.forwarding()) {
            return Decision.REFUSED;
        }
        String name = query.canonical();
        if (policy.domainNeeded() && !name.isEmpty() && name.indexOf('.') < 0) {
            return Decision.NOT_FORWARDED;
        }
        if (policy.bogusPriv() && PrivateReverse.isPrivateReverse(name)) {
            return Decision.NOT_FORWARDED;
        }
        if (query.type() == DnsRecordType.ANY) {
            // RFC 8482: not the upstream's whole RRset collection, an amplifier's favourite question.
            return new Decision(ResponseWriter.RCODE_NOERROR, ResponseWriter.Flags.NONE,
                    List.of(new ResourceRecord(name, HINFO, ANY_HINFO_TTL, ANY_HINFO)));
        }
        return Decision.FORWARD;
    }

    private static byte[] hinfo(String cpu, String os) {
        byte[] c = cpu.getBytes(StandardCharsets.US_ASCII);
        byte[] o = os.getBytes(StandardCharsets.US_ASCII);
        byte[] rdata = new byte[2 + c.length + o.length];
        rdata[0] = (byte) c.length;
        System.arraycopy(c, 0, rdata, 1, c.length);
        rdata[1 + c.length] = (byte) o.length;
        System.arraycopy(o, 0, rdata, 2 + c.length, o.length);
        return rdata;
    }
}
