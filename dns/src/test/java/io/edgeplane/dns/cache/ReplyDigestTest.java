package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.AAAA;
import static io.edgeplane.dns.cache.ReplyBuilder.ANY;
import static io.edgeplane.dns.cache.ReplyBuilder.CH;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.IN;
import static io.edgeplane.dns.cache.ReplyBuilder.NS;
import static io.edgeplane.dns.cache.ReplyBuilder.OPT;
import static io.edgeplane.dns.cache.ReplyBuilder.RRSIG;
import static io.edgeplane.dns.cache.ReplyBuilder.TXT;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv6;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.rrsig;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static io.edgeplane.dns.cache.ReplyBuilder.txt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ReplyDigest}: the header and question checks, and which answer records of a plain reply are kept. */
class ReplyDigestTest {

    private static byte[] plainA() {
        return reply("www.example", A).answer("www.example", A, 300, ipv4("192.0.2.1")).build();
    }

    @Test
    void keepsThePlainAnswerAsAPositiveCacheableOne() {
        Digested.Usable usable = Digests.usable(plainA(), "www.example", A);

        assertThat(usable.rcode()).isZero();
        assertThat(usable.negative()).isFalse();
        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.ttl()).isEqualTo(300);
        assertThat(usable.droppedRecords()).isZero();
        Served.Message served = Digests.served(usable, "www.example", A);
        assertThat(served.question()).isEqualTo("www.example A");
        assertThat(served.answers()).containsExactly("www.example 300 IN A 192.0.2.1");
        assertThat(served.authority()).isEmpty();
    }

    @Test
    void writesTheQuestionsNameAsAPointerToTheClientsQuestion() {
        CachedAnswer answer = Digests.usable(plainA(), "www.example", A).toAnswer(Digests.UNCLAMPED, 0);
        byte[] message = Served.message(answer, "www.example", A, 0);

        // The body starts right after the 13-byte name and QTYPE/QCLASS; its first owner is 0xC00C.
        int bodyAt = 12 + 13 + 4;
        assertThat(answer.bodyLength()).isEqualTo(2 + 10 + 4);
        assertThat(message[bodyAt] & 0xFF).isEqualTo(0xC0);
        assertThat(message[bodyAt + 1]).isEqualTo((byte) 12);
    }

    @Test
    void keepsEveryRecordOfTheRRsetAndTakesTheLowestTtl() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .answer("www.example", A, 120, ipv4("192.0.2.2"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.ttl()).isEqualTo(120);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 300 IN A 192.0.2.1", "www.example 120 IN A 192.0.2.2");
    }

    @Test
    void acceptsAReplyWhoseNamesDifferInCaseFromTheQuestion() {
        // 0x20: the forwarder randomises the question's case, the upstream echoes it; names compare without case.
        byte[] reply = reply("wWw.ExAmPlE", A).uncompressed()
                .answer("WWW.example", A, 300, ipv4("192.0.2.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        // The kept owner points at the client's own question, so every client sees its own spelling.
        assertThat(Digests.served(usable, "WwW.eXample", A).answers())
                .containsExactly("WwW.eXample 300 IN A 192.0.2.1");
    }

    @Test
    void rejectsAReplyToAnotherName() {
        assertThat(Digests.unusable(plainA(), "mail.example", A)).contains("another question");
        // A parent or a child of the asked name is another name too.
        assertThat(Digests.unusable(plainA(), "example", A)).contains("another question");
        assertThat(Digests.unusable(plainA(), "a.www.example", A)).contains("another question");
    }

    @Test
    void rejectsAReplyToAnotherType() {
        assertThat(Digests.unusable(plainA(), "www.example", AAAA)).contains("another question");
        assertThat(Digests.unusable(plainA(), "www.example", ANY)).contains("another question");
    }

    @Test
    void rejectsAQueryRatherThanAReply() {
        byte[] query = reply("www.example", A).flags(0x0100).build();

        assertThat(Digests.unusable(query, "www.example", A)).contains("not a reply");
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {1, 2, 4, 5, 15})
    void rejectsAReplyToAnotherOpcode(int opcode) {
        byte[] reply = reply("www.example", A).flags(ReplyBuilder.REPLY_FLAGS | opcode << 11)
                .answer("www.example", A, 300, ipv4("192.0.2.1")).build();

        assertThat(Digests.unusable(reply, "www.example", A)).contains("not a reply");
    }

    @Test
    void rejectsATruncatedReplyEvenWithRecords() {
        // TC: the records may be a part of the RRset; the forwarder retries over TCP instead.
        byte[] reply = reply("www.example", A).flags(ReplyBuilder.REPLY_FLAGS | 0x0200)
                .answer("www.example", A, 300, ipv4("192.0.2.1")).build();

        assertThat(Digests.unusable(reply, "www.example", A)).isEqualTo("truncated");
    }

    @ParameterizedTest(name = "RCODE {0}")
    @ValueSource(ints = {1, 2, 4, 5, 6, 9, 15})
    void rejectsEveryRcodeButNoErrorAndNxDomain(int rcode) {
        // FORMERR, SERVFAIL, NOTIMP, REFUSED, YXDOMAIN, NOTAUTH, and an unassigned one.
        byte[] reply = reply("www.example", A).rcode(rcode).answer("www.example", A, 300, ipv4("192.0.2.1")).build();

        assertThat(Digests.unusable(reply, "www.example", A)).isEqualTo("RCODE " + rcode);
    }

    @Test
    void acceptsTheHeaderBitsThatDoNotChangeTheAnswer() {
        // AA, no RD/RA, and the AD and CD bits: none of them makes the records any less an answer.
        byte[] reply = reply("www.example", A).flags(0x8000 | 0x0400 | 0x0020 | 0x0010)
                .answer("www.example", A, 300, ipv4("192.0.2.1")).build();

        assertThat(Digests.usable(reply, "www.example", A).cacheable()).isTrue();
    }

    @Test
    void rejectsAReplyWithoutAQuestion() {
        byte[] reply = ReplyBuilder.headerOnly().answer("www.example", A, 300, ipv4("192.0.2.1")).build();

        assertThat(Digests.unusable(reply, "www.example", A)).isEqualTo("0 questions");
    }

    @Test
    void rejectsAReplyWithTwoQuestions() {
        byte[] reply = ReplyBuilder.headerOnly()
                .question("www.example", A, IN)
                .question("www.example", A, IN)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .build();

        assertThat(Digests.unusable(reply, "www.example", A)).isEqualTo("2 questions");
    }

    @Test
    void dropsAndCountsAnswerRecordsOfOtherNamesTypesAndClasses() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .answer("other.example", A, 300, ipv4("198.51.100.1"))
                .answer("www.example", AAAA, 300, ipv6("2001:db8::1"))
                .answer("www.example", A, CH, 300, ipv4("198.51.100.2"))
                .answer("www.example", TXT, 300, txt("v=spf1 -all"))
                .answer("example", NS, 300, target("ns.example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.droppedRecords()).isEqualTo(5);
        assertThat(usable.records().answerCount()).isEqualTo(1);
        assertThat(Digests.served(usable, "www.example", A).answers()).containsExactly("www.example 300 IN A 192.0.2.1");
    }

    @Test
    void keepsRecordsInTheClassOfTheRepliesQuestion() {
        // The class asked is the reply's question's: a CHAOS question keeps CHAOS records and drops IN ones.
        byte[] reply = ReplyBuilder.headerOnly()
                .question("version.bind", TXT, CH)
                .answer("version.bind", TXT, CH, 0, txt("9.18"))
                .answer("version.bind", TXT, IN, 0, txt("spoofed"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "version.bind", TXT);

        assertThat(usable.records().answerCount()).isEqualTo(1);
        assertThat(usable.droppedRecords()).isEqualTo(1);
    }

    @Test
    void ignoresTheAdditionalSectionWhateverIsInIt() {
        // Glue and OPT are not part of the answer; a cached answer gets this server's OPT when it is written.
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .additional("ns.example", A, 300, ipv4("192.0.2.53"))
                .additional("", OPT, 0, rd -> { })
                .raw(0xFF, 0xFF, 0xC0) // trailing garbage after the counted records, never read
                .counts(-1, -1, -1, 7)
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.droppedRecords()).isZero();
        assertThat(usable.records().authorityCount()).isZero();
        assertThat(Digests.served(usable, "www.example", A).answers()).containsExactly("www.example 300 IN A 192.0.2.1");
    }

    @Test
    void countsATtlWithTheTopBitSetAsZero() {
        // RFC 2181 §8: such a TTL is read as 0, not as 2^31 seconds or more.
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 0x8000_0000L, ipv4("192.0.2.1"))
                .answer("www.example", A, 0xFFFF_FFFFL, ipv4("192.0.2.2"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.ttl()).isZero();
        assertThat(usable.cacheTtl(Digests.UNCLAMPED)).isZero();
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 0 IN A 192.0.2.1", "www.example 0 IN A 192.0.2.2");
    }

    @Test
    void keepsTheLargestTtlThatHasNoTopBit() {
        byte[] reply = reply("www.example", A).answer("www.example", A, 0x7FFF_FFFFL, ipv4("192.0.2.1")).build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.ttl()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 2147483647 IN A 192.0.2.1");
    }

    @Test
    void keepsTheRrsigOfTheAnswerAndDropsOneOfAnotherName() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .answer("www.example", RRSIG, 300, rrsig(A, "example"))
                .answer("other.example", RRSIG, 300, rrsig(A, "example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(usable.negative()).isFalse();
        assertThat(Digests.served(usable, "www.example", A).answers())
                .satisfiesExactly(
                        a -> assertThat(a).isEqualTo("www.example 300 IN A 192.0.2.1"),
                        sig -> assertThat(sig).startsWith("www.example 300 IN RRSIG \\# "));
    }

    @Test
    void anRrsigAloneIsNoData() {
        // A signature without the RRset it covers answers nothing: the answer is negative (and without SOA
        // not cacheable).
        byte[] reply = reply("www.example", A).answer("www.example", RRSIG, 300, rrsig(A, "example")).build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isFalse();
    }

    @Test
    void keepsEveryTypeOfTheNameForAnAnyQuestion() {
        byte[] reply = reply("www.example", ANY)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .answer("www.example", AAAA, 200, ipv6("2001:db8::1"))
                .answer("www.example", TXT, 100, txt("hello"))
                .answer("other.example", A, 300, ipv4("192.0.2.2"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", ANY);

        assertThat(usable.negative()).isFalse();
        assertThat(usable.ttl()).isEqualTo(100);
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(Digests.served(usable, "www.example", ANY).answers()).containsExactly(
                "www.example 300 IN A 192.0.2.1",
                "www.example 200 IN AAAA 2001:db8:0:0:0:0:0:1",
                "www.example 100 IN TXT \\# 6 0568656c6c6f");
    }

    @Test
    void keepsTheRootsRecordsForAQuestionAboutTheRoot() {
        byte[] reply = reply("", NS).answer("", NS, 518_400, target("a.root-servers.net")).build();

        Digested.Usable usable = Digests.usable(reply, "", NS);

        Served.Message served = Digests.served(usable, "", NS);
        assertThat(served.question()).isEqualTo(". NS");
        assertThat(served.answers()).containsExactly(". 518400 IN NS a.root-servers.net");
    }

    @Test
    void aCnameQuestionKeepsTheCnameAndDoesNotFollowIt() {
        byte[] reply = reply("www.example", CNAME)
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", CNAME);

        assertThat(usable.negative()).isFalse();
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(Digests.served(usable, "www.example", CNAME).answers())
                .containsExactly("www.example 300 IN CNAME web.example");
    }

    @Test
    void rejectsAQuestionThatCannotBeAName() {
        // The caller's question, not the reply, is at fault; still an Unusable rather than an exception.
        assertThat(Digests.unusable(plainA(), "www..example", A)).contains("cannot be matched");
        assertThat(Digests.unusable(plainA(), "x".repeat(64) + ".example", A)).contains("cannot be matched");
    }
}
