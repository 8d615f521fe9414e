package io.edgeplane.dns.server;

import io.edgeplane.dns.zone.LocalAnswer;
import io.edgeplane.dns.zone.LocalZone;
import io.edgeplane.dns.zone.ResourceRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.List;

/**
 * Decides the answer to one query from the local zone: its RCODE, flags and records. Pure: no I/O, the same
 * for UDP and TCP. Without forwarding (not built yet), a name with no local data is refused, as dnsmasq
 * refuses it when it has no upstream servers; names under the node's own domains are NXDOMAIN.
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
    }

    private static final int CLASS_IN = 1;
    private static final int CLASS_ANY = 255;

    private final LocalZone zone;

    Responder(LocalZone zone) {
        this.zone = zone;
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
            case LocalAnswer.NotLocal notLocal -> Decision.REFUSED;
        };
    }
}
