package io.edgeplane.dns.cache;

import java.util.Objects;

/**
 * What a cached answer answers: the question, and whether the client asked for DNSSEC records (a DO query is
 * forwarded with DO, so its answer carries RRSIGs that a plain query's does not).
 *
 * @param name     the question's name in lower case without the trailing dot
 * @param qtype    the question's type
 * @param qclass   the question's class
 * @param dnssecOk the query's DO bit
 */
public record CacheKey(String name, int qtype, int qclass, boolean dnssecOk) {

    public CacheKey {
        Objects.requireNonNull(name, "name");
    }
}
