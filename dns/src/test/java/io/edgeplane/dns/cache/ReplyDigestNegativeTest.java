package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.AAAA;
import static io.edgeplane.dns.cache.ReplyBuilder.CH;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.NS;
import static io.edgeplane.dns.cache.ReplyBuilder.NSEC;
import static io.edgeplane.dns.cache.ReplyBuilder.NSEC3;
import static io.edgeplane.dns.cache.ReplyBuilder.NXDOMAIN;
import static io.edgeplane.dns.cache.ReplyBuilder.RRSIG;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.bytes;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.rrsig;
import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ReplyDigest} on NXDOMAIN and no-data answers: the SOA that says how long they hold, and the proofs. */
class ReplyDigestNegativeTest {

    private static final String SOA_RDATA = "ns.example hostmaster.example 2024 7200 900 1209600 ";

    @Test
    void keepsTheSoaOfAnNxDomainWithItsTtlLoweredToTheMinimum() {
        // RFC 2308 §5: a negative answer is good for min(SOA TTL, MINIMUM); the SOA is written with that TTL.
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 2024, 300))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.rcode()).isEqualTo(NXDOMAIN);
        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.ttl()).isEqualTo(300);
        assertThat(usable.droppedRecords()).isZero();
        Served.Message served = Digests.served(usable, "nope.example", A);
        assertThat(served.rcode()).isEqualTo(NXDOMAIN);
        assertThat(served.answers()).isEmpty();
        assertThat(served.authority()).containsExactly("example 300 IN SOA " + SOA_RDATA + "300");
    }

    @Test
    void keepsTheSoaTtlWhenItIsBelowTheMinimum() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 60, soa("ns.example", "hostmaster.example", 2024, 3600))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.ttl()).isEqualTo(60);
        assertThat(Digests.served(usable, "nope.example", A).authority())
                .containsExactly("example 60 IN SOA " + SOA_RDATA + "3600");
    }

    @Test
    void treatsAMinimumWithTheTopBitSetAsZero() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 2024, 0x8000_0000L))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.ttl()).isZero();
        assertThat(usable.cacheTtl(Digests.UNCLAMPED)).isZero();
    }

    @Test
    void keepsTheSoaOfANoDataAnswer() {
        byte[] reply = reply("www.example", AAAA)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 2024, 900))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", AAAA);

        assertThat(usable.rcode()).isZero();
        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.ttl()).isEqualTo(900);
        assertThat(Digests.served(usable, "www.example", AAAA).authority())
                .containsExactly("example 900 IN SOA " + SOA_RDATA + "900");
    }

    @Test
    void anAnswerOfAnotherTypeIsNoData() {
        byte[] reply = reply("www.example", AAAA)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 2024, 900))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", AAAA);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(usable.records().answerCount()).isZero();
        assertThat(usable.records().authorityCount()).isEqualTo(1);
    }

    @Test
    void keepsTheSoaOfTheZoneApexItself() {
        byte[] reply = reply("example", AAAA)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 2024, 900))
                .build();

        assertThat(Digests.usable(reply, "example", AAAA).cacheable()).isTrue();
    }

    @Test
    void doesNotCacheAnNxDomainWithoutSoa() {
        // RFC 2308 §5: without an SOA nothing says how long the name does not exist.
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN).build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.ttl()).isZero();
        assertThat(usable.cacheTtl(Digests.UNCLAMPED)).isZero();
        assertThat(usable.records().length()).isZero();
    }

    @Test
    void doesNotCacheANoDataAnswerWithoutSoa() {
        byte[] reply = reply("www.example", AAAA)
                .authority("example", NS, 3600, target("ns.example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", AAAA);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().authorityCount()).isZero();
    }

    @Test
    void dropsTheSoaOfAZoneTheNameIsNotIn() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("other.test", SOA, 3600, soa("ns.other.test", "hostmaster.other.test", 1, 300))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(usable.records().authorityCount()).isZero();
    }

    @Test
    void dropsTheSoaOfAZoneBelowTheName() {
        // A child zone's SOA says nothing about its parent's names.
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("sub.nope.example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 300))
                .build();

        assertThat(Digests.usable(reply, "nope.example", A).cacheable()).isFalse();
    }

    @Test
    void dropsAnEnclosingSoaOutsideTheBailiwick() {
        // The server for corp.example does not speak for example, however truthfully the SOA encloses the name.
        byte[] reply = reply("nope.corp.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 300))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.corp.example", A, "corp.example");

        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.droppedRecords()).isEqualTo(1);
    }

    @Test
    void keepsTheSoaOfTheBailiwicksOwnZone() {
        byte[] reply = reply("nope.corp.example", A).rcode(NXDOMAIN)
                .authority("corp.example", SOA, 3600, soa("ns.corp.example", "hostmaster.corp.example", 1, 300))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.corp.example", A, "corp.example");

        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.ttl()).isEqualTo(300);
    }

    @Test
    void keepsOnlyTheFirstFittingSoa() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 300))
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 2, 5))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.ttl()).isEqualTo(300);
        assertThat(usable.droppedRecords()).isEqualTo(1);
        assertThat(usable.records().authorityCount()).isEqualTo(1);
    }

    @Test
    void skipsAnSoaOfAnotherClass() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, CH, 3600, soa("ns.example", "hostmaster.example", 1, 300))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().authorityCount()).isZero();
    }

    @Test
    void keepsTheChainBeforeAnNxDomainAndTheSoaOfItsLastName() {
        byte[] reply = reply("www.example", A).rcode(NXDOMAIN)
                .answer("www.example", CNAME, 120, target("gone.other.test"))
                .authority("other.test", SOA, 3600, soa("ns.other.test", "hostmaster.other.test", 7, 600))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.negative()).isTrue();
        assertThat(usable.cacheable()).isTrue();
        assertThat(usable.ttl()).isEqualTo(120);
        Served.Message served = Digests.served(usable, "www.example", A);
        assertThat(served.answers()).containsExactly("www.example 120 IN CNAME gone.other.test");
        assertThat(served.authority()).containsExactly(
                "other.test 600 IN SOA ns.other.test hostmaster.other.test 7 7200 900 1209600 600");
    }

    @Test
    void dropsTheQuestionsZoneSoaWhenTheChainEndedElsewhere() {
        // The NXDOMAIN is about gone.other.test; example's SOA says nothing about how long that holds.
        byte[] reply = reply("www.example", A).rcode(NXDOMAIN)
                .answer("www.example", CNAME, 120, target("gone.other.test"))
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 7, 600))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().authorityCount()).isZero();
    }

    @Test
    void anNxDomainAfterLeavingTheBailiwickIsNeitherNegativeNorCached() {
        byte[] reply = reply("www.corp.example", A).rcode(NXDOMAIN)
                .answer("www.corp.example", CNAME, 120, target("gone.evil.test"))
                .authority("evil.test", SOA, 3600, soa("ns.evil.test", "hostmaster.evil.test", 7, 86400))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.corp.example", A, "corp.example");

        assertThat(usable.rcode()).isEqualTo(NXDOMAIN);
        assertThat(usable.negative()).isFalse();
        assertThat(usable.cacheable()).isFalse();
        assertThat(usable.records().authorityCount()).isZero();
    }

    @Test
    void keepsTheDenialProofsAndTheirSignaturesBesideTheSoa() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 300))
                .authority("example", RRSIG, 3600, rrsig(SOA, "example"))
                .authority("mid.example", NSEC, 300, bytes(3, 'z', 'z', 'z', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
                        0, 1, 0x40))
                .authority("abc123.example", NSEC3, 300, bytes(1, 0, 0, 10, 0, 2, 0xAA, 0xBB, 0, 0, 1, 0x40))
                .authority("example", NS, 3600, target("ns.example"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.example", A);

        assertThat(usable.records().authorityCount()).isEqualTo(4);
        assertThat(Digests.served(usable, "nope.example", A).authority())
                .extracting(record -> record.split(" ")[0] + " " + record.split(" ")[3])
                .containsExactly("example SOA", "example RRSIG", "mid.example NSEC", "abc123.example NSEC3");
    }

    @Test
    void dropsDenialProofsFromOutsideTheBailiwick() {
        byte[] reply = reply("nope.corp.example", A).rcode(NXDOMAIN)
                .authority("corp.example", SOA, 3600, soa("ns.corp.example", "hostmaster.corp.example", 1, 300))
                .authority("x.evil.test", NSEC, 300, bytes(1, 'y', 0, 0, 1, 0x40))
                .authority("x.evil.test", RRSIG, 300, rrsig(NSEC, "evil.test"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.corp.example", A, "corp.example");

        assertThat(usable.records().authorityCount()).isEqualTo(1);
    }

    @Test
    void aPositiveAnswerKeepsNothingOfTheAuthoritySection() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .authority("example", NS, 3600, target("ns.example"))
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 5))
                .build();

        Digested.Usable usable = Digests.usable(reply, "www.example", A);

        assertThat(usable.negative()).isFalse();
        assertThat(usable.ttl()).isEqualTo(300);
        assertThat(usable.records().authorityCount()).isZero();
    }

    @Test
    void aNegativeAnswerIsKeptForTheNegativeCeilingAndNotRaisedToTheMinimumTtl() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 3600))
                .build();
        Digested.Usable usable = Digests.usable(reply, "nope.example", A);
        CacheSettings capped = new CacheSettings(10, Duration.ofSeconds(600), Duration.ofDays(1), Duration.ofSeconds(60));
        byte[] shortReply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 5))
                .build();

        assertThat(usable.cacheTtl(capped)).isEqualTo(60);
        // min_ttl raises positive answers only: a 5 s negative answer stays 5 s.
        assertThat(Digests.usable(shortReply, "nope.example", A).cacheTtl(capped)).isEqualTo(5);
    }

    @Test
    void countsTheAuthorityRecordsItLeavesOut() {
        byte[] reply = reply("nope.corp.example", A).rcode(NXDOMAIN)
                .authority("corp.example", SOA, 3600, soa("ns.corp.example", "hostmaster.corp.example", 1, 300))
                .authority("corp.example", SOA, CH, 3600, soa("ns.corp.example", "hostmaster.corp.example", 1, 300))
                .authority("x.evil.test", NSEC, 300, bytes(1, 'y', 0, 0, 1, 0x40))
                .authority("corp.example", NS, 3600, target("ns.evil.test"))
                .build();

        Digested.Usable usable = Digests.usable(reply, "nope.corp.example", A, "corp.example");

        // The SOA of another class and the proof from outside corp.example; NS records are never kept.
        assertThat(usable.droppedRecords()).isEqualTo(2);
        assertThat(usable.records().authorityCount()).isEqualTo(1);
    }
}
