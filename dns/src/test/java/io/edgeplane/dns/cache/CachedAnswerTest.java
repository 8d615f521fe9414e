package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.NXDOMAIN;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CachedAnswer}: a kept answer written for a client, its TTLs clamped by the settings in force when it
 * came and counted down by the time since, as unbound and dnsmasq do.
 */
class CachedAnswerTest {

    private final FakeClock clock = new FakeClock();

    private static Digested.Usable chain() {
        return Digests.usable(reply("www.example", A)
                .answer("www.example", CNAME, 3600, target("web.example"))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build(), "www.example", A);
    }

    private static Digested.Usable nxdomain(long soaTtl, long minimum) {
        return Digests.usable(reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, soaTtl, soa("ns.example", "hostmaster.example", 1, minimum))
                .build(), "nope.example", A);
    }

    private static CacheSettings clamps(long min, long max, long negative) {
        return new CacheSettings(100, Duration.ofSeconds(min), Duration.ofSeconds(max), Duration.ofSeconds(negative));
    }

    private Served.Message servedAfter(CachedAnswer answer, long seconds) {
        clock.advanceSeconds(seconds);
        return Served.serve(answer, "www.example", A, clock.getAsLong());
    }

    @Test
    void servesTheTtlsAsReceivedRightAway() {
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());

        assertThat(servedAfter(answer, 0).answers())
                .containsExactly("www.example 3600 IN CNAME web.example", "web.example 300 IN A 192.0.2.1");
    }

    @Test
    void countsEveryTtlDownByTheWholeSecondsSinceItCame() {
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());

        assertThat(servedAfter(answer, 120).answers())
                .containsExactly("www.example 3480 IN CNAME web.example", "web.example 180 IN A 192.0.2.1");
        // 120.999 s is still 120 whole seconds: a TTL is never rounded up past what is left.
        clock.advance(Duration.ofMillis(999));
        assertThat(Served.serve(answer, "www.example", A, clock.getAsLong()).answers())
                .contains("web.example 180 IN A 192.0.2.1");
    }

    @Test
    void neverCountsATtlBelowZero() {
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());

        assertThat(servedAfter(answer, 300).answers()).contains("web.example 0 IN A 192.0.2.1");
        assertThat(servedAfter(answer, 100_000).answers())
                .containsExactly("www.example 0 IN CNAME web.example", "web.example 0 IN A 192.0.2.1");
    }

    @Test
    void doesNotCountUpWhenTheClockReadsBeforeTheAnswerCame() {
        // Another event loop may read the clock a moment before the thread that stored the answer did.
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());

        Served.Message served = Served.serve(answer, "www.example", A, clock.getAsLong() - 5_000_000_000L);

        assertThat(served.answers()).contains("web.example 300 IN A 192.0.2.1");
    }

    @Test
    void raisesTtlsToTheMinimumAndCountsDownFromThere() {
        CachedAnswer answer = chain().toAnswer(clamps(600, 86400, 60), clock.getAsLong());

        assertThat(answer.ttlSeconds()).isEqualTo(600);
        assertThat(servedAfter(answer, 10).answers())
                .containsExactly("www.example 3590 IN CNAME web.example", "web.example 590 IN A 192.0.2.1");
    }

    @Test
    void lowersTtlsToTheMaximum() {
        CachedAnswer answer = chain().toAnswer(clamps(0, 60, 60), clock.getAsLong());

        assertThat(answer.ttlSeconds()).isEqualTo(60);
        assertThat(servedAfter(answer, 0).answers())
                .containsExactly("www.example 60 IN CNAME web.example", "web.example 60 IN A 192.0.2.1");
    }

    @Test
    void holdsANegativeAnswerToTheNegativeCeilingAndNotToTheMinimum() {
        CachedAnswer capped = nxdomain(3600, 900).toAnswer(clamps(1200, 86400, 120), clock.getAsLong());
        CachedAnswer shortOne = nxdomain(3600, 30).toAnswer(clamps(1200, 86400, 120), clock.getAsLong());

        assertThat(capped.ttlSeconds()).isEqualTo(120);
        assertThat(Served.serve(capped, "nope.example", A, clock.getAsLong()).authority())
                .containsExactly("example 120 IN SOA ns.example hostmaster.example 1 7200 900 1209600 900");
        assertThat(shortOne.ttlSeconds()).isEqualTo(30);
    }

    @Test
    void aNegativeAnswerCountsDownToo() {
        CachedAnswer answer = nxdomain(3600, 900).toAnswer(Digests.UNCLAMPED, clock.getAsLong());
        clock.advanceSeconds(899);

        Served.Message served = Served.serve(answer, "nope.example", A, clock.getAsLong());

        assertThat(served.rcode()).isEqualTo(NXDOMAIN);
        assertThat(served.authority()).containsExactly("example 1 IN SOA ns.example hostmaster.example 1 7200 900 1209600 900");
    }

    @Test
    void anAnswerWithoutRecordsIsGoodForNoTime() {
        CachedAnswer answer = Digests.usable(reply("nope.example", A).rcode(NXDOMAIN).build(), "nope.example", A)
                .toAnswer(clamps(600, 86400, 600), clock.getAsLong());

        assertThat(answer.ttlSeconds()).isZero();
        assertThat(answer.bodyLength()).isZero();
        assertThat(answer.answerCount() + answer.authorityCount()).isZero();
    }

    @Test
    void tellsTheRcodeAndCountsForTheHeader() {
        CachedAnswer positive = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());
        CachedAnswer negative = nxdomain(60, 60).toAnswer(Digests.UNCLAMPED, clock.getAsLong());

        assertThat(positive.rcode()).isZero();
        assertThat(positive.answerCount()).isEqualTo(2);
        assertThat(positive.authorityCount()).isZero();
        assertThat(negative.rcode()).isEqualTo(NXDOMAIN);
        assertThat(negative.answerCount()).isZero();
        assertThat(negative.authorityCount()).isEqualTo(1);
        assertThat(negative).hasToString("CachedAnswer[rcode=3, answers=0, authority=1, ttl=60s]");
    }

    @Test
    void writesExactlyBodyLengthBytesAndReturnsTheOffsetAfterThem() {
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());
        int bodyAt = 12 + 13 + 4;
        byte[] out = new byte[bodyAt + answer.bodyLength() + 8];
        Arrays.fill(out, (byte) 0x5A);

        int end = answer.writeBody(out, bodyAt, clock.getAsLong());

        assertThat(end).isEqualTo(bodyAt + answer.bodyLength());
        assertThat(out[bodyAt - 1]).isEqualTo((byte) 0x5A);
        assertThat(Arrays.copyOfRange(out, end, out.length)).containsOnly((byte) 0x5A);
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(ints = {0, 12, 28, 30, 45})
    void refusesToWriteWhereItsPointersWouldBeWrong(int offset) {
        // Built to follow "www.example"'s question, which ends at 29: anywhere else its pointers point astray.
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());
        byte[] out = new byte[200];

        assertThatThrownBy(() -> answer.writeBody(out, offset, clock.getAsLong()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("29");
        assertThat(out).containsOnly((byte) 0);
    }

    @Test
    void servesTheSameRecordsBehindAQuestionSpelledInAnotherCase() {
        // The key is the lower-case name; each client's question keeps its own case and the pointers follow it.
        CachedAnswer answer = chain().toAnswer(Digests.UNCLAMPED, clock.getAsLong());

        assertThat(Served.serve(answer, "WWW.Example", A, clock.getAsLong()).answers())
                .containsExactly("WWW.Example 3600 IN CNAME web.Example", "web.Example 300 IN A 192.0.2.1");
    }
}
