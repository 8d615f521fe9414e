package io.edgeplane.dns.zone;

import io.netty.handler.codec.dns.DnsRecordType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the local zone says about one question. Answers for static names are built once and shared, so the
 * lists are immutable and the same instance comes back for the same question.
 *
 * <p>Where a CNAME chain was followed, its CNAME records come first in every kind of answer that carries records
 * (RFC 1034 §4.3.2; RFC 6604 for the negative ones): {@link Found} has them before the target's records,
 * {@link NoData} and {@link NxDomain} carry them as {@code chain} so the reply can put them in its answer
 * section.
 */
public sealed interface LocalAnswer permits LocalAnswer.Found, LocalAnswer.NoData, LocalAnswer.NxDomain,
        LocalAnswer.NotLocal {

    /**
     * Records to answer with: NOERROR, authoritative.
     *
     * <p>If the question's type is neither CNAME nor ANY and the last record is a CNAME, the chain left local
     * data there: the reply may be this chain alone, or the server may resolve {@link #pendingAlias} elsewhere
     * and append what it finds. A chain that ends in local data, or in a loop, is never such a Found.
     *
     * @param records the answer section, CNAME chain first; never empty
     */
    record Found(List<ResourceRecord> records) implements LocalAnswer {

        public Found {
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("a Found answer needs at least one record; use NoData for none");
            }
        }

        /**
         * The name the chain leaves local data at, when this answer to a question of type {@code asked} ends in
         * a CNAME that local data could not follow; empty when the answer is complete.
         */
        public Optional<String> pendingAlias(DnsRecordType asked) {
            Objects.requireNonNull(asked, "asked");
            ResourceRecord last = records.getLast();
            if (asked.equals(DnsRecordType.CNAME) || asked.equals(DnsRecordType.ANY)
                    || !last.type().equals(DnsRecordType.CNAME)) {
                return Optional.empty();
            }
            return Optional.of(last.target());
        }
    }

    /**
     * The name exists locally but has no records of the asked type (or is an empty non-terminal, RFC 8020):
     * NOERROR with an empty answer, apart from a CNAME chain that led there.
     *
     * @param chain the CNAME records followed to the name that has no data; usually empty
     */
    record NoData(List<ResourceRecord> chain) implements LocalAnswer {

        /** NODATA reached without a CNAME: the one instance lookups return. */
        public static final NoData EMPTY = new NoData(List.of());

        public NoData {
            chain = List.copyOf(chain);
        }

        public NoData() {
            this(List.of());
        }
    }

    /**
     * The name does not exist: NXDOMAIN, authoritative (under an own domain, or an address rule with no
     * address). With a chain, the alias exists and its target does not (RFC 6604 §2.1).
     *
     * @param chain the CNAME records followed to the name that does not exist; usually empty
     */
    record NxDomain(List<ResourceRecord> chain) implements LocalAnswer {

        /** NXDOMAIN reached without a CNAME: the one instance lookups return. */
        public static final NxDomain EMPTY = new NxDomain(List.of());

        public NxDomain {
            chain = List.copyOf(chain);
        }

        public NxDomain() {
            this(List.of());
        }
    }

    /** No local data covers the name: the server forwards the question, or refuses it. */
    record NotLocal() implements LocalAnswer {

        /** The one instance lookups return. */
        public static final NotLocal INSTANCE = new NotLocal();
    }
}
