package io.edgeplane.dns.server;

import io.edgeplane.dns.cache.AnswerCache;
import io.edgeplane.dns.cache.CacheKey;
import io.edgeplane.dns.cache.CachedAnswer;
import io.edgeplane.dns.cache.Digested;
import io.edgeplane.dns.cache.ReplyDigest;
import io.edgeplane.dns.forward.ForwardResult;
import io.edgeplane.dns.forward.Forwarder;
import io.edgeplane.dns.forward.UpstreamServer;
import io.edgeplane.dns.stats.DnsStats;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers for names the upstreams serve: from the cache, else forwarded, the reply checked (its records must
 * belong to the question and to the answering server's domain) and kept for its TTL.
 */
final class ForwardedAnswers {

    private static final Logger log = LoggerFactory.getLogger(ForwardedAnswers.class);

    /** What came of a forwarded query, as the client will hear it. */
    sealed interface Resolved {
        record Answer(CachedAnswer answer) implements Resolved {
        }

        record Failed(int rcode) implements Resolved {
        }
    }

    /**
     * What was taken out of upstream replies, counted across reloads (a reload makes a new
     * {@code ForwardedAnswers} and the counters must not start again).
     */
    record ReplyCounts(LongAdder unusable, LongAdder droppedRecords) {
        ReplyCounts() {
            this(new LongAdder(), new LongAdder());
        }
    }

    private final Forwarder forwarder;
    private final AnswerCache cache;
    private final LongAdder unusable;
    private final LongAdder droppedRecords;

    ForwardedAnswers(Forwarder forwarder, AnswerCache cache, ReplyCounts counts) {
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.unusable = counts.unusable();
        this.droppedRecords = counts.droppedRecords();
    }

    Forwarder forwarder() {
        return forwarder;
    }

    AnswerCache cache() {
        return cache;
    }

    /** Replies that could not be used: malformed, or an RCODE other than NOERROR and NXDOMAIN. */
    long unusableReplies() {
        return unusable.sum();
    }

    /** Records taken out of upstream replies: not about the question's name, or outside the server's domain. */
    long droppedRecords() {
        return droppedRecords.sum();
    }

    /** What the stats page shows of forwarding: the forwarder's counters, the cache's and each upstream's. */
    DnsStats.Forwarding stats() {
        AnswerCache.Stats cached = cache.stats();
        return new DnsStats.Forwarding(true, forwarder.inFlight(), forwarder.overloadedQueries(),
                forwarder.mergedQueries(), forwarder.spoofedReplies(), cache.size(), cached.hits(), cached.misses(),
                forwarder.upstreams().stream().map(u -> new DnsStats.Upstream(u.server().toString(), u.queries(),
                        u.failures(), u.timeouts(), u.pending(), u.smoothedRtt().toNanos() / 1e6)).toList());
    }

    /** The cached answer to {@code query}, or null. */
    CachedAnswer cached(Query query) {
        return cache.get(key(query));
    }

    /** Forwards {@code query}; the future completes on an upstream loop, never exceptionally. */
    CompletableFuture<Resolved> resolve(Query query) {
        CompletableFuture<ForwardResult> sent;
        try {
            sent = forwarder.forward(query.canonical(), query.type().intValue(), query.qclass(), query.edns().dnssecOk());
        } catch (IllegalArgumentException e) {
            // A name the parser took but that cannot be sent (a byte above 0x7F is fine; nothing else gets here).
            return CompletableFuture.completedFuture(new Resolved.Failed(ResponseWriter.RCODE_SERVFAIL));
        }
        return sent.thenApply(result -> resolved(query, result));
    }

    private Resolved resolved(Query query, ForwardResult result) {
        return switch (result) {
            case ForwardResult.Failed failed -> new Resolved.Failed(failed.failure() == ForwardResult.Failure.NO_SERVER
                    ? ResponseWriter.RCODE_REFUSED : ResponseWriter.RCODE_SERVFAIL);
            case ForwardResult.Answered answered -> digest(query, answered);
        };
    }

    private Resolved digest(Query query, ForwardResult.Answered answered) {
        Digested digested = ReplyDigest.digest(answered.message(), query.canonical(), query.type().intValue(),
                bailiwick(answered.server(), query.canonical()));
        return switch (digested) {
            case Digested.Unusable bad -> {
                unusable.increment();
                log.debug("dns: the reply of {} for {} is unusable: {}", answered.server(), query.canonical(), bad.reason());
                yield new Resolved.Failed(ResponseWriter.RCODE_SERVFAIL);
            }
            case Digested.Usable usable -> {
                if (usable.droppedRecords() > 0) {
                    droppedRecords.add(usable.droppedRecords());
                    log.debug("dns: dropped {} record(s) of the reply of {} for {}: not about the question, or outside {}",
                            usable.droppedRecords(), answered.server(), query.canonical(), bailiwick(answered.server(), query.canonical()));
                }
                yield new Resolved.Answer(cache.admit(key(query), usable));
            }
        };
    }

    private static CacheKey key(Query query) {
        return new CacheKey(query.canonical(), query.type().intValue(), query.qclass(), query.edns().dnssecOk());
    }

    /**
     * The domain the answering server speaks for: the longest of its domains the name is in (the one it was
     * chosen for), or the root for a default server. Records outside it are not taken from that server.
     */
    static String bailiwick(UpstreamServer server, String name) {
        String best = "";
        for (String domain : server.domains()) {
            boolean inside = name.equals(domain) || name.endsWith(domain) && name.length() > domain.length()
                    && name.charAt(name.length() - domain.length() - 1) == '.';
            if (inside && domain.length() > best.length()) {
                best = domain;
            }
        }
        return best;
    }
}
