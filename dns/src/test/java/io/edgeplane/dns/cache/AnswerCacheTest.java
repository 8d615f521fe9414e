package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.AAAA;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.IN;
import static io.edgeplane.dns.cache.ReplyBuilder.NXDOMAIN;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link AnswerCache} on a fake clock: what it keeps and for how long, what it refuses to keep, and what its
 * statistics count.
 */
class AnswerCacheTest {

    private static final CacheKey WWW = new CacheKey("www.example", A, IN, false);

    private final FakeClock clock = new FakeClock();

    private AnswerCache cache(int entries, long minTtl, long maxTtl, long maxNegativeTtl) {
        return new AnswerCache(new CacheSettings(entries, Duration.ofSeconds(minTtl), Duration.ofSeconds(maxTtl),
                Duration.ofSeconds(maxNegativeTtl)), clock);
    }

    private AnswerCache cache() {
        return cache(100, 0, 86400, 3600);
    }

    /** www.example's (or another name's) A answer with TTL {@code ttl}. */
    private static Digested.Usable address(String name, long ttl) {
        return Digests.usable(reply(name, A).answer(name, A, ttl, ipv4("192.0.2.1")).build(), name, A);
    }

    private static Digested.Usable nxdomain(long negativeTtl) {
        return Digests.usable(reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 86400, soa("ns.example", "hostmaster.example", 1, negativeTtl))
                .build(), "nope.example", A);
    }

    @Test
    void countsAMissThenAHitForWhatWasAdmitted() {
        AnswerCache cache = cache();

        assertThat(cache.get(WWW)).isNull();
        CachedAnswer admitted = cache.admit(WWW, address("www.example", 300));
        assertThat(cache.get(WWW)).isSameAs(admitted);

        assertThat(cache.stats()).isEqualTo(new AnswerCache.Stats(1, 1, 0, 0, 1));
        assertThat(cache.size()).isOne();
    }

    @Test
    void keepsAnAnswerUntilItsTtlRunsOut() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 300));

        clock.advance(Duration.ofSeconds(300).minusNanos(1));
        assertThat(cache.get(WWW)).isNotNull();
        clock.advance(Duration.ofNanos(1));
        assertThat(cache.get(WWW)).isNull();

        assertThat(cache.stats().hits()).isOne();
        assertThat(cache.stats().misses()).isOne();
    }

    @Test
    void countsExpiredAnswersAsTheyAreCleanedUp() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 30));
        cache.admit(new CacheKey("mail.example", A, IN, false), address("mail.example", 3000));

        clock.advanceSeconds(60);
        cache.cleanUp();

        assertThat(cache.size()).isOne();
        assertThat(cache.stats().expirations()).isOne();
        assertThat(cache.stats().evictions()).isZero();
    }

    @Test
    void aReadDoesNotMakeAnAnswerLiveLonger() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 300));

        clock.advanceSeconds(299);
        assertThat(cache.get(WWW)).isNotNull();
        clock.advanceSeconds(1);

        assertThat(cache.get(WWW)).isNull();
    }

    @Test
    void servesAHitWithItsTtlCountedDown() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 300));
        clock.advanceSeconds(120);

        CachedAnswer hit = cache.get(WWW);

        assertThat(Served.serve(hit, "www.example", A, clock.getAsLong()).answers())
                .containsExactly("www.example 180 IN A 192.0.2.1");
    }

    @Test
    void aCacheOfNoEntriesKeepsNothing() {
        AnswerCache cache = cache(0, 0, 86400, 3600);

        CachedAnswer answer = cache.admit(WWW, address("www.example", 300));
        cache.put(WWW, answer);

        assertThat(answer).isNotNull();
        assertThat(cache.get(WWW)).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.stats()).isEqualTo(new AnswerCache.Stats(0, 1, 0, 0, 0));
    }

    @Test
    void doesNotKeepAnAnswerGoodForNoTime() {
        AnswerCache cache = cache();

        CachedAnswer answer = cache.admit(WWW, address("www.example", 0));
        cache.put(WWW, answer);

        assertThat(answer).isNotNull();
        assertThat(cache.get(WWW)).isNull();
        assertThat(cache.stats().inserts()).isZero();
    }

    @Test
    void keepsATtlZeroAnswerForTheMinimumTtl() {
        AnswerCache cache = cache(100, 30, 86400, 3600);
        cache.admit(WWW, address("www.example", 0));

        clock.advanceSeconds(29);
        CachedAnswer hit = cache.get(WWW);
        assertThat(hit).isNotNull();
        assertThat(Served.serve(hit, "www.example", A, clock.getAsLong()).answers())
                .containsExactly("www.example 1 IN A 192.0.2.1");
        clock.advanceSeconds(1);
        assertThat(cache.get(WWW)).isNull();
    }

    @Test
    void keepsAnAnswerNoLongerThanTheMaximumTtl() {
        AnswerCache cache = cache(100, 0, 60, 3600);
        cache.admit(WWW, address("www.example", 86400));

        clock.advanceSeconds(60);

        assertThat(cache.get(WWW)).isNull();
    }

    @Test
    void keepsANegativeAnswerForItsSoaMinimumWithinTheNegativeMaximum() {
        AnswerCache cache = cache(100, 0, 86400, 60);
        CacheKey nope = new CacheKey("nope.example", A, IN, false);
        CacheKey nope2 = new CacheKey("nope2.example", A, IN, false);
        cache.admit(nope, nxdomain(3600));
        cache.admit(nope2, Digests.usable(reply("nope2.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 86400, soa("ns.example", "hostmaster.example", 1, 10))
                .build(), "nope2.example", A));

        clock.advanceSeconds(10);
        assertThat(cache.get(nope)).isNotNull();
        assertThat(cache.get(nope2)).isNull();
        clock.advanceSeconds(50);
        assertThat(cache.get(nope)).isNull();
    }

    @Test
    void returnsButDoesNotKeepANegativeAnswerWithoutSoa() {
        AnswerCache cache = cache();
        CacheKey nope = new CacheKey("nope.example", A, IN, false);

        CachedAnswer answer = cache.admit(nope, Digests.usable(reply("nope.example", A).rcode(NXDOMAIN).build(),
                "nope.example", A));

        assertThat(answer.rcode()).isEqualTo(NXDOMAIN);
        assertThat(cache.get(nope)).isNull();
        assertThat(cache.stats().inserts()).isZero();
    }

    @Test
    void returnsButDoesNotKeepAChainCutAtTheBailiwick() {
        AnswerCache cache = cache(100, 300, 86400, 3600);
        CacheKey key = new CacheKey("www.corp.example", A, IN, false);
        Digested.Usable cut = Digests.usable(reply("www.corp.example", A)
                .answer("www.corp.example", CNAME, 3600, target("www.evil.test"))
                .answer("www.evil.test", A, 3600, ipv4("198.51.100.66"))
                .build(), "www.corp.example", A, "corp.example");

        CachedAnswer answer = cache.admit(key, cut);

        // The client still gets the CNAME; the next client's query goes upstream again.
        assertThat(answer.answerCount()).isOne();
        assertThat(cache.get(key)).isNull();
    }

    @Test
    void evictsBeyondItsSizeAndCountsTheEvictions() {
        AnswerCache cache = cache(3, 0, 86400, 3600);
        for (int i = 0; i < 10; i++) {
            String name = "host" + i + ".example";
            cache.admit(new CacheKey(name, A, IN, false), address(name, 300));
        }

        cache.cleanUp();

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.stats().inserts()).isEqualTo(10);
        assertThat(cache.stats().evictions()).isEqualTo(7);
        assertThat(cache.stats().expirations()).isZero();
    }

    @Test
    void flushEmptiesTheCacheWithoutCountingEvictions() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 300));
        cache.admit(new CacheKey("mail.example", A, IN, false), address("mail.example", 300));

        cache.flush();
        cache.cleanUp();

        assertThat(cache.size()).isZero();
        assertThat(cache.get(WWW)).isNull();
        assertThat(cache.stats().evictions()).isZero();
        assertThat(cache.stats().expirations()).isZero();
    }

    @Test
    void replacingAnAnswerKeepsOneEntryAndItsNewTtl() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 10));
        CachedAnswer newer = cache.admit(WWW, address("www.example", 300));

        clock.advanceSeconds(60);

        assertThat(cache.get(WWW)).isSameAs(newer);
        assertThat(cache.size()).isOne();
        assertThat(cache.stats().evictions()).isZero();
        assertThat(cache.stats().inserts()).isEqualTo(2);
    }

    @Test
    void keepsDnssecAndPlainAnswersApart() {
        // A DO query's answer carries RRSIGs a plain client did not ask for, and the other way round.
        AnswerCache cache = cache();
        CacheKey withDo = new CacheKey("www.example", A, IN, true);
        CachedAnswer plain = cache.admit(WWW, address("www.example", 300));

        assertThat(cache.get(withDo)).isNull();
        CachedAnswer signed = cache.admit(withDo, address("www.example", 300));

        assertThat(cache.get(WWW)).isSameAs(plain);
        assertThat(cache.get(withDo)).isSameAs(signed);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void keepsTypesAndClassesApart() {
        AnswerCache cache = cache();
        cache.admit(WWW, address("www.example", 300));

        assertThat(cache.get(new CacheKey("www.example", AAAA, IN, false))).isNull();
        assertThat(cache.get(new CacheKey("www.example", A, ReplyBuilder.CH, false))).isNull();
        assertThat(cache.get(new CacheKey("www.example", A, IN, false))).isNotNull();
    }

    @Test
    void tellsItsSettings() {
        AnswerCache cache = cache(7, 1, 2, 3);

        assertThat(cache.settings()).isEqualTo(new CacheSettings(7, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3)));
    }

    @Test
    void putKeepsAnAnswerOnlyUntilTheTtlItCameWithRunsOut() {
        AnswerCache cache = cache();
        CachedAnswer answer = address("www.example", 300).toAnswer(cache.settings(), clock.getAsLong());
        clock.advanceSeconds(200);
        cache.put(WWW, answer);

        clock.advanceSeconds(100);

        // Received 300 s ago with TTL 300: served now it would say TTL 0.
        assertThat(cache.get(WWW)).isNull();
    }

    @Test
    void anAnswerWhoseTtlRanOutBeforeItWasPutIsNotKept() {
        AnswerCache cache = cache();
        CachedAnswer answer = address("www.example", 300).toAnswer(cache.settings(), clock.getAsLong());
        clock.advanceSeconds(300);

        cache.put(WWW, answer);

        assertThat(cache.size()).isZero();
        assertThat(cache.stats().inserts()).isZero();
    }
}
