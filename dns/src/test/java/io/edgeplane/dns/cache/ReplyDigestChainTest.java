package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.CH;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.NS;
import static io.edgeplane.dns.cache.ReplyBuilder.RRSIG;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.rrsig;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReplyDigest} following the question's CNAME chain, and keeping out what the bailiwick does not cover. */
class ReplyDigestChainTest {

    @Test
    void keepsAChainInOrderWithTheLowestTtlOfAllItsRecords() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 3600, target("web.example"))
                .answer("web.example", CNAME, 60, target("cdn.example"))
                .answer("cdn.example", A, 300, ipv4("192.0.2.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.negative()).isFalse();
        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.ttl()).isEqualTo(60);
        assertThat(usable.droppedRecords()).isZero();
        assertThat(Digests.served(usable, "www.example", A).answers()).containsExactly(
                "www.example 3600 IN CNAME web.example",
                "web.example 60 IN CNAME cdn.example",
                "cdn.example 300 IN A 192.0.2.1");
    }

    @Test
    void keepsAChainGivenOutOfOrderInTheRepliesOrder() {
        // RFC 1034 does not order the answer section; the chain is found by name, not by position.
        byte[] reply = reply("www.example", A)
                .answer("cdn.example", A, 300, ipv4("192.0.2.1"))
                .answer("web.example", CNAME, 300, target("cdn.example"))
                .answer("www.example", CNAME, 300, target("web.example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.negative()).isFalse();
        assertThat(usable.droppedRecords()).isZero();
        assertThat(Digests.served(usable, "www.example", A).answers()).containsExactly(
                "cdn.example 300 IN A 192.0.2.1",
                "web.example 300 IN CNAME cdn.example",
                "www.example 300 IN CNAME web.example");
    }

    @Test
    void followsTargetsWhateverTheirCase() {
        byte[] reply = reply("www.example", A).uncompressed()
                .answer("www.example", CNAME, 300, target("WEB.Example"))
                .answer("web.EXAMPLE", A, 300, ipv4("192.0.2.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 300 IN CNAME web.example", "web.example 300 IN A 192.0.2.1");
    }

    @Test
    void dropsAddressesOfNamesOffTheChain() {
        // Only the end of the chain answers the question: an A of the question's own name beside its CNAME,
        // or of a name nobody pointed at, is not part of the answer.
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("www.example", A, 300, ipv4("198.51.100.1"))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .answer("elsewhere.example", A, 300, ipv4("198.51.100.2"))
                .answer("elsewhere.example", CNAME, 300, target("web.example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.droppedRecords()).isEqualTo(3);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 300 IN CNAME web.example", "web.example 300 IN A 192.0.2.1");
    }

    @Test
    void followsOnlyTheFirstCnameOfAName() {
        // A name has one CNAME (RFC 2181 §10.1); a second one is not believed.
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("www.example", CNAME, 300, target("evil.example"))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .answer("evil.example", A, 300, ipv4("198.51.100.66"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.droppedRecords()).isEqualTo(2);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 300 IN CNAME web.example", "web.example 300 IN A 192.0.2.1");
    }

    @Test
    void followsOnlyCnamesOfTheQuestionsClass() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, CH, 300, target("evil.example"))
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 300 IN CNAME web.example", "web.example 300 IN A 192.0.2.1");
    }

    @Test
    void stopsAtACnameLoopWithoutCachingIt() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("web.example", CNAME, 300, target("www.example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        // The loop ends the chain at web.example, which has no address: no data, and with no SOA saying how
        // long that holds, not cached. The CNAME closing the loop is not written twice round.
        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .containsExactly("www.example 300 IN CNAME web.example");
    }

    @Test
    void stopsAtACnameToItself() {
        byte[] reply = reply("www.example", A).answer("www.example", CNAME, 300, target("www.example")).build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().answerCount()).isZero();
        assertThat(usable.droppedRecords()).isEqualTo(1);
    }

    @Test
    void followsAChainOfSixteenCnames() {
        Digested.Usable usable = Digests.usable(chain(16), "n0.example", A);

        assertThat(usable.negative()).isFalse();
        assertThat(usable.records().answerCount()).isEqualTo(17);
        assertThat(usable.droppedRecords()).isZero();
    }

    @Test
    void cutsAChainLongerThanSixteenCnamesSoItAnswersNothing() {
        // More CNAMEs than any resolver follows: the rest of the chain is not believed, so there is no data.
        Digested.Usable usable = Digests.usable(chain(17), "n0.example", A);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().answerCount()).isEqualTo(16);
        assertThat(usable.droppedRecords()).isEqualTo(2);
    }

    @Test
    void keepsRrsigsOfEveryNameOnTheChain() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("www.example", RRSIG, 300, rrsig(CNAME, "example"))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .answer("web.example", RRSIG, 300, rrsig(A, "example"))
                .answer("stray.example", RRSIG, 300, rrsig(A, "example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.records().answerCount()).isEqualTo(4);
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(Digests.served(usable, "www.example", A).answers())
                .extracting(record -> record.split(" ")[0] + " " + record.split(" ")[3])
                .containsExactly("www.example CNAME", "www.example RRSIG", "web.example A", "web.example RRSIG");
    }

    @Test
    void keepsTheCnameThatLeavesTheBailiwickButNothingAfterItAndDoesNotCache() {
        // A server for corp.example cannot speak for evil.test: its address for it would poison the cache.
        byte[] reply = reply("www.corp.example", A)
                .answer("www.corp.example", CNAME, 300, target("www.evil.test"))
                .answer("www.evil.test", A, 300, ipv4("198.51.100.66"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "corp.example");

        assertThat(usable.rcode()).isZero();
        assertThat(usable.negative()).isFalse();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(usable.cacheTtl(Digests.UNCLAMPED)).isZero();
        assertThat(Digests.served(usable, "www.corp.example", A).answers())
                .containsExactly("www.corp.example 300 IN CNAME www.evil.test");
    }

    @Test
    void stopsAtTheFirstExitFromTheBailiwickEvenIfTheChainComesBack() {
        byte[] reply = reply("www.corp.example", A)
                .answer("www.corp.example", CNAME, 300, target("hop.evil.test"))
                .answer("hop.evil.test", CNAME, 300, target("db.corp.example"))
                .answer("db.corp.example", A, 300, ipv4("198.51.100.66"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "corp.example");

        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.droppedRecords()).isEqualTo(2);
        assertThat(Digests.served(usable, "www.corp.example", A).answers())
                .containsExactly("www.corp.example 300 IN CNAME hop.evil.test");
    }

    @Test
    void followsAChainThatStaysInTheBailiwick() {
        byte[] reply = reply("www.corp.example", A)
                .answer("www.corp.example", CNAME, 300, target("web.dc1.corp.example"))
                .answer("web.dc1.corp.example", A, 300, ipv4("10.0.0.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "corp.example");

        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.records().answerCount()).isEqualTo(2);
    }

    @Test
    void treatsTheBailiwickAsWholeLabels() {
        // notcorp.example ends in "corp.example" as a string but is not in the domain corp.example.
        byte[] reply = reply("www.corp.example", A)
                .answer("www.corp.example", CNAME, 300, target("www.notcorp.example"))
                .answer("www.notcorp.example", A, 300, ipv4("198.51.100.66"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "corp.example");

        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().answerCount()).isEqualTo(1);
    }

    @Test
    void dropsAndCountsRecordsOutsideTheBailiwick() {
        // The Kaminsky-style extra: records about another domain riding along with a genuine answer.
        byte[] reply = reply("www.corp.example", A)
                .answer("www.corp.example", A, 300, ipv4("10.0.0.1"))
                .answer("bank.example", A, 300, ipv4("198.51.100.66"))
                .answer("corp.example", NS, 300, target("ns.evil.test"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "corp.example");

        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.droppedRecords()).isEqualTo(2);
        assertThat(Digests.served(usable, "www.corp.example", A).answers())
                .containsExactly("www.corp.example 300 IN A 10.0.0.1");
    }

    @Test
    void theRootBailiwickCoversEveryName() {
        byte[] reply = reply("www.corp.example", A)
                .answer("www.corp.example", CNAME, 300, target("www.other.test"))
                .answer("www.other.test", A, 300, ipv4("192.0.2.1"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "");

        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.records().answerCount()).isEqualTo(2);
    }

    /** n0.example CNAME n1.example ... n{cnames-1} CNAME n{cnames}, then n{cnames} A. */
    private static byte[] chain(int cnames) {
        ReplyBuilder reply = reply("n0.example", A);
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= cnames; i++) {
            names.add("n" + i + ".example");
        }
        for (int i = 0; i < cnames; i++) {
            reply.answer(names.get(i), CNAME, 300, target(names.get(i + 1)));
        }
        return reply.answer(names.getLast(), A, 300, ipv4("192.0.2.1")).build();
    }

    @Test
    void aCnameLoopIsNotCachedEvenWithAnSoaThatWouldMakeItNoData() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, target("web.example"))
                .answer("web.example", CNAME, 300, target("www.example"))
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 3600))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        // The zone is broken: the client hears what the server said, and asks again next time.
        assertThat(usable.cacheable()).isFalse();
    }

    @Test
    void aQuestionOutsideTheServersDomainIsNotBelievedAtAll() {
        byte[] reply = reply("www.other.test", A).answer("www.other.test", A, 300, ipv4("192.0.2.1")).build();

        assertThat(Digests.unusable(reply, "www.other.test", A, "corp.example")).contains("outside the server's domain");
    }
}
