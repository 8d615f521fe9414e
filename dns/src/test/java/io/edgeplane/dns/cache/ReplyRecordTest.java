package io.edgeplane.dns.cache;

import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import static io.edgeplane.dns.cache.ReplyBuilder.DNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.AAAA;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.MX;
import static io.edgeplane.dns.cache.ReplyBuilder.NS;
import static io.edgeplane.dns.cache.ReplyBuilder.PTR;
import static io.edgeplane.dns.cache.ReplyBuilder.RP;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.SRV;
import static io.edgeplane.dns.cache.ReplyBuilder.TXT;
import static io.edgeplane.dns.cache.ReplyBuilder.bytes;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv6;
import static io.edgeplane.dns.cache.ReplyBuilder.mx;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplyRecord}: RDATA names read through the reply's compression pointers and written again so they make
 * sense in another message; opaque RDATA copied as it is; RDATA whose length disagrees with its names refused.
 */
class ReplyRecordTest {

    @Test
    void rewritesMxExchangesCompressedAgainstTheQuestionAndEachOther() {
        // The second exchange points into the first one's RDATA: both pointers mean nothing in the cached copy.
        byte[] reply = reply("example", MX)
                .answer("example", MX, 300, mx(10, "mail.example"))
                .answer("example", MX, 300, mx(20, "backup.mail.example"))
                .build();

        Served.Message served = Digests.served(Digests.usable(reply, "example", MX), "example", MX);

        assertThat(served.answers())
                .containsExactly("example 300 IN MX 10 mail.example", "example 300 IN MX 20 backup.mail.example");
    }

    @Test
    void rewritesSrvTargetsInFullEvenWhenTheReplyCompressedThem() {
        // RFC 2782: SRV targets are not compressed. Some servers compress them anyway; the copy must not.
        byte[] reply = reply("_sip._tcp.example", SRV)
                .answer("_sip._tcp.example", SRV, 300, rd -> rd.u16(10).u16(60).u16(5060).name("sip.example"))
                .build();
        CachedAnswer answer = Digests.usable(reply, "_sip._tcp.example", SRV).toAnswer(Digests.UNCLAMPED, 0);

        byte[] message = Served.message(answer, "_sip._tcp.example", SRV, 0);

        byte[] rdata = Arrays.copyOfRange(message, message.length - 6 - 13, message.length);
        assertThat(HexFormat.of().formatHex(rdata)).isEqualTo("000a003c13c4" + "03736970076578616d706c6500");
        assertThat(Served.serve(answer, "_sip._tcp.example", SRV, 0).answers())
                .containsExactly("_sip._tcp.example 300 IN SRV 10 60 5060 sip.example");
    }

    @Test
    void rewritesTheSoaNamesAndKeepsItsFiveNumbers() {
        byte[] reply = reply("example", SOA)
                .answer("example", SOA, 3600, rd -> rd.name("ns1.example").name("dns-admin.ns1.example")
                        .u32(2_024_061_101L).u32(7200).u32(3600).u32(1_209_600).u32(0xFFFF_FFFFL))
                .build();

        Digested.Usable usable = Digests.usable(reply, "example", SOA);

        // An SOA in the answer section is data, its TTL left alone; MINIMUM is copied, not interpreted.
        assertThat(usable.negative()).isFalse();
        assertThat(Digests.served(usable, "example", SOA).answers()).containsExactly(
                "example 3600 IN SOA ns1.example dns-admin.ns1.example 2024061101 7200 3600 1209600 4294967295");
    }

    @Test
    void rewritesPtrTargets() {
        byte[] reply = reply("1.2.0.192.in-addr.arpa", PTR)
                .answer("1.2.0.192.in-addr.arpa", PTR, 300, target("router.example"))
                .answer("1.2.0.192.in-addr.arpa", PTR, 300, target("gw.router.example"))
                .build();

        Served.Message served = Digests.served(Digests.usable(reply, "1.2.0.192.in-addr.arpa", PTR),
                "1.2.0.192.in-addr.arpa", PTR);

        assertThat(served.answers()).containsExactly("1.2.0.192.in-addr.arpa 300 IN PTR router.example",
                "1.2.0.192.in-addr.arpa 300 IN PTR gw.router.example");
    }

    @Test
    void rewritesNsTargetsPointingIntoTheQuestion() {
        byte[] reply = reply("example", NS)
                .answer("example", NS, 86400, target("ns1.example"))
                .answer("example", NS, 86400, target("ns2.example"))
                .build();

        Served.Message served = Digests.served(Digests.usable(reply, "example", NS), "example", NS);

        assertThat(served.answers()).containsExactly("example 86400 IN NS ns1.example", "example 86400 IN NS ns2.example");
    }

    @Test
    void rewritesRpNamesInFull() {
        // RFC 3597 §4: RP's names may arrive compressed and must be decompressed, but are never sent compressed.
        byte[] reply = reply("host.example", RP)
                .answer("host.example", RP, 300, rd -> rd.name("admin.host.example").name("info.host.example"))
                .build();
        CachedAnswer answer = Digests.usable(reply, "host.example", RP).toAnswer(Digests.UNCLAMPED, 0);

        byte[] message = Served.message(answer, "host.example", RP, 0);

        String rdataHex = HexFormat.of().formatHex(message, message.length - 39, message.length);
        assertThat(rdataHex).isEqualTo("0561646d696e04686f7374076578616d706c6500" + "04696e666f04686f7374076578616d706c6500");
        assertThat(Served.serve(answer, "host.example", RP, 0).answers())
                .containsExactly("host.example 300 IN RP admin.host.example info.host.example");
    }

    @Test
    void copiesTxtVerbatimEvenWhereItsBytesLookLikeAPointer() {
        // TXT has no names: 0xC0 0x0C in it is text, not a pointer to follow or rewrite.
        byte[] reply = reply("www.example", TXT).answer("www.example", TXT, 300, bytes(4, 0xC0, 0x0C, 'h', 'i', 0)).build();

        Served.Message served = Digests.served(Digests.usable(reply, "www.example", TXT), "www.example", TXT);

        assertThat(served.answers()).containsExactly("www.example 300 IN TXT \\# 6 04c00c686900");
    }

    @Test
    void copiesAaaaAndUnknownTypesVerbatim() {
        byte[] reply = reply("www.example", AAAA).answer("www.example", AAAA, 300, ipv6("2001:db8::5")).build();
        byte[] unknown = reply("www.example", 65280).answer("www.example", 65280, 300, bytes(0xC0, 0x0C, 1, 2, 3)).build();

        assertThat(Digests.served(Digests.usable(reply, "www.example", AAAA), "www.example", AAAA).answers())
                .containsExactly("www.example 300 IN AAAA 2001:db8:0:0:0:0:0:5");
        assertThat(Digests.served(Digests.usable(unknown, "www.example", 65280), "www.example", 65280).answers())
                .containsExactly("www.example 300 IN TYPE65280 \\# 5 c00c010203");
    }

    @Test
    void rewritesNamesReachedThroughAChainOfPointers() {
        // "mx" + pointer to "mail" + pointer to the question's "example": two hops in the reply.
        ReplyBuilder builder = reply("example", MX);
        builder.answer("example", MX, 300, mx(10, "mail.example"));
        int mailAt = builder.position() - 7; // "mail" then the 2-byte pointer, at the end of the first record
        byte[] reply = builder.answer("example", MX, 300, rd -> rd.u16(20).u8(2).u8('m').u8('x').pointer(mailAt))
                .build();

        Served.Message served = Digests.served(Digests.usable(reply, "example", MX), "example", MX);

        assertThat(served.answers()).containsExactly("example 300 IN MX 10 mail.example", "example 300 IN MX 20 mx.mail.example");
    }

    @Test
    void readsAnOwnerNameThatPointsIntoAnotherRecordsRdata() {
        ReplyBuilder builder = reply("www.example", A)
                .answer("www.example", CNAME, 300, target("web.example"));
        int webAt = builder.position() - 6; // the CNAME's target: "web" + a pointer to the question's "example"
        byte[] reply = builder.answerAt(webAt, A, 300, ipv4("192.0.2.1")).build();

        Served.Message served = Digests.served(Digests.usable(reply, "www.example", A), "www.example", A);

        assertThat(served.answers())
                .containsExactly("www.example 300 IN CNAME web.example", "web.example 300 IN A 192.0.2.1");
    }

    @Test
    void readsTheRecordsFieldsAndCountsATopBitTtlAsZero() {
        byte[] reply = reply("www.example", MX).answer("www.example", MX, 0x8000_0001L, mx(5, "mx.www.example")).build();
        ReplyReader in = new ReplyReader(reply, 12 + 13 + 4);

        ReplyRecord record = ReplyRecord.read(in, reply);

        assertThat(record.owner()).isEqualTo(Names.fromCanonical("www.example"));
        assertThat(record.type()).isEqualTo(MX);
        assertThat(record.ttl()).isZero();
        assertThat(record.rdLength()).isEqualTo(2 + 3 + 2);
        assertThat(record.names()).isDeepEqualTo(new byte[][] {Names.fromCanonical("mx.www.example")});
        assertThat(in.position()).isEqualTo(reply.length);
    }

    @Test
    void readsTheSoaMinimum() {
        byte[] reply = reply("example", SOA).answer("example", SOA, 60, soa("ns.example", "h.example", 1, 86400)).build();

        ReplyRecord record = ReplyRecord.read(new ReplyReader(reply, 12 + 9 + 4), reply);

        assertThat(record.soaMinimum()).isEqualTo(86400);
    }

    @Test
    void refusesACnameWhoseRdataIsLongerThanItsName() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, rd -> rd.name("web.example").u8(0).u8(0).rdLength(6 + 2))
                .build();

        assertThatThrownBy(() -> ReplyRecord.read(new ReplyReader(reply, 29), reply))
                .isInstanceOf(MalformedReply.class).hasMessageContaining("RDATA of a type 5 record is 8 bytes, its fields 6");
    }

    @Test
    void refusesACnameWhoseNameRunsPastItsRdata() {
        byte[] reply = reply("www.example", A).uncompressed()
                .answer("www.example", CNAME, 300, rd -> rd.name("web.example").rdLength(5))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build();

        assertThatThrownBy(() -> ReplyRecord.read(new ReplyReader(reply, 29), reply)).isInstanceOf(MalformedReply.class);
    }

    @Test
    void refusesAnSoaWithoutAllFiveNumbers() {
        byte[] reply = reply("example", SOA)
                .answer("example", SOA, 60, rd -> rd.name("ns.example").name("h.example").u32(1).u32(2).u32(3).u32(4))
                .build();

        assertThatThrownBy(() -> ReplyRecord.read(new ReplyReader(reply, 25), reply)).isInstanceOf(MalformedReply.class);
    }

    @Test
    void refusesAnMxOrSrvShorterThanItsFixedFields() {
        byte[] mx = reply("example", MX).answer("example", MX, 60, bytes(0)).build();
        byte[] srv = reply("example", SRV).answer("example", SRV, 60, bytes(0, 1, 0, 2, 0)).build();

        assertThatThrownBy(() -> ReplyRecord.read(new ReplyReader(mx, 25), mx)).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> ReplyRecord.read(new ReplyReader(srv, 25), srv)).isInstanceOf(MalformedReply.class);
    }

    @Test
    void rewritesADnameTargetThatArrivedCompressed() {
        // RFC 6672 §2.5: a DNAME target is never sent compressed and "MUST be expanded when received in
        // compressed form"; copied as it came, its pointer would mean something else in the cached copy.
        byte[] reply = reply("example", DNAME)
                .answer("other.test", A, 300, ipv4("192.0.2.9")) // dropped; it puts "other.test" at 25
                .answer("example", DNAME, 300, target("other.test")) // the target: a pointer to 25
                .build();

        Served.Message served = Digests.served(Digests.usable(reply, "example", DNAME), "example", DNAME);

        assertThat(served.answers()).containsExactly("example 300 IN DNAME other.test");
    }

    @ParameterizedTest(name = "type {0}, {1} bytes")
    @CsvSource({"1, 0", "1, 3", "1, 5", "28, 4", "28, 15"})
    void refusesAnAddressOfTheWrongLength(int type, int length) {
        // RFC 1035 §3.4.1 and RFC 3596 §2.2: A RDATA is 4 bytes, AAAA 16; anything else breaks the format.
        byte[] reply = reply("www.example", type).answer("www.example", type, 300, rd -> rd.bytes(new byte[length]))
                .build();

        assertThat(Digests.unusable(reply, "www.example", type)).startsWith("malformed: ");
    }
}
