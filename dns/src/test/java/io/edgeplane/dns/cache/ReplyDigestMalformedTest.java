package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.MX;
import static io.edgeplane.dns.cache.ReplyBuilder.NXDOMAIN;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.SRV;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReplyDigest} on replies that break RFC 1035's format: each one is {@link Digested.Unusable} with a
 * reason, never an exception (the reply is whatever the network delivered).
 */
class ReplyDigestMalformedTest {

    /** A reply with a chain, an NXDOMAIN's SOA, and compressed names everywhere: every section is read. */
    private static byte[] full() {
        return reply("www.example", A).rcode(NXDOMAIN)
                .answer("www.example", CNAME, 300, target("gone.example"))
                .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 1, 300))
                .build();
    }

    private static String malformed(byte[] reply) {
        String reason = Digests.unusable(reply, "www.example", A);
        assertThat(reason).startsWith("malformed: ");
        return reason;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 2, 5, 11})
    void refusesAHeaderCutShort(int length) {
        malformed(Arrays.copyOf(full(), length));
    }

    @Test
    void refusesEveryCutOfTheReplyBeforeItsEnd() {
        // Every section is needed, so every strict prefix, whether it ends in a name, a field or RDATA, is unusable.
        byte[] full = full();
        assertThat(Digests.usable(full, "www.example", A).cacheable()).isTrue();

        for (int length = 12; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            assertThat(ReplyDigest.digest(cut, "www.example", A, ""))
                    .as("cut at %d of %d bytes", length, full.length)
                    .isInstanceOf(Digested.Unusable.class);
        }
    }

    @Test
    void refusesARecordCutInsideItsTtl() {
        byte[] reply = reply("www.example", A).answer("www.example", A, 300, ipv4("192.0.2.1")).build();

        assertThat(malformed(Arrays.copyOf(reply, 29 + 2 + 4 + 2))).contains("inside a field");
    }

    @Test
    void refusesAnRdlengthPastTheEnd() {
        byte[] reply = reply("www.example", A).answer("www.example", A, 300, rd -> rd.u32(0xC0000201L).rdLength(100))
                .build();

        malformed(reply);
    }

    @Test
    void refusesMoreRecordsCountedThanThereAre() {
        byte[] reply = reply("www.example", A).answer("www.example", A, 300, ipv4("192.0.2.1")).counts(1, 2, 0, 0)
                .build();

        malformed(reply);
    }

    @Test
    void refusesMoreAuthorityRecordsCountedThanThereAre() {
        byte[] reply = reply("www.example", A).answer("www.example", A, 300, ipv4("192.0.2.1")).counts(1, 1, 65535, 0)
                .build();

        malformed(reply);
    }

    @Test
    void refusesAPointerLoopInAnOwnerName() {
        // The owner is a pointer to itself.
        ReplyBuilder builder = reply("www.example", A);
        int ownerAt = builder.position();

        assertThat(malformed(builder.answerAt(ownerAt, A, 300, ipv4("192.0.2.1")).build())).contains("point back");
    }

    @Test
    void refusesAForwardPointerInAnOwnerName() {
        ReplyBuilder builder = reply("www.example", A);
        int nextAt = builder.position() + 2 + 10 + 4;
        byte[] reply = builder.answerAt(nextAt, A, 300, ipv4("192.0.2.1"))
                .answer("www.example", A, 300, ipv4("192.0.2.2")).build();

        malformed(reply);
    }

    @Test
    void refusesAPointerInTheQuestionToItself() {
        byte[] reply = ReplyBuilder.headerOnly().raw(0xC0, 12, 0, 1, 0, 1).counts(1, 0, 0, 0).build();

        malformed(reply);
    }

    @Test
    void refusesAPointerLoopInACnameTarget() {
        // The target is "x" followed by a pointer back to that "x": a name without end.
        ReplyBuilder builder = reply("www.example", A);
        int rdataAt = builder.position() + 2 + 10;
        byte[] reply = builder.answer("www.example", CNAME, 300, rd -> rd.u8(1).u8('x').pointer(rdataAt)).build();

        malformed(reply);
    }

    @ParameterizedTest(name = "label byte 0x{0}")
    @ValueSource(ints = {0x40, 0x41, 0x80, 0xBF})
    void refusesTheUndefinedLabelTypesInAnOwnerName(int labelByte) {
        byte[] reply = reply("www.example", A).raw(labelByte, 'a', 0, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, 1)
                .counts(1, 1, 0, 0).build();

        assertThat(malformed(reply)).contains("label type");
    }

    @Test
    void refusesAnUndefinedLabelTypeInTheQuestion() {
        byte[] reply = ReplyBuilder.headerOnly().raw(0x43, 'w', 'w', 'w', 0, 0, 1, 0, 1).counts(1, 0, 0, 0).build();

        malformed(reply);
    }

    @Test
    void refusesAnOwnerNameOver255Bytes() {
        ReplyBuilder builder = reply("www.example", A);
        for (int label = 0; label < 5; label++) {
            builder.raw(63);
            builder.raw("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0".chars().toArray());
        }
        byte[] reply = builder.raw(0, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, 1).counts(1, 1, 0, 0).build();

        assertThat(malformed(reply)).contains("longer than 255");
    }

    @Test
    void refusesACnameWhoseRdlengthIsLongerThanItsTarget() {
        byte[] reply = reply("www.example", A)
                .answer("www.example", CNAME, 300, rd -> rd.name("web.example").u8(0).rdLength(7))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build();

        assertThat(malformed(reply)).contains("RDATA of a type 5 record is 7 bytes, its fields 6");
    }

    @Test
    void refusesACnameWhoseRdlengthIsShorterThanItsTarget() {
        byte[] reply = reply("www.example", A).uncompressed()
                .answer("www.example", CNAME, 300, rd -> rd.name("web.example").rdLength(4))
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build();

        malformed(reply);
    }

    @Test
    void refusesAnEmptyCnameRdata() {
        byte[] reply = reply("www.example", A).answer("www.example", CNAME, 300, rd -> { })
                .answer("web.example", A, 300, ipv4("192.0.2.1"))
                .build();

        malformed(reply);
    }

    @Test
    void refusesMalformedRdataInRecordsThatWouldBeDroppedAnyway() {
        // Checked before chosen: a broken record anywhere means the upstream's reply cannot be trusted.
        byte[] reply = reply("www.example", A)
                .answer("www.example", A, 300, ipv4("192.0.2.1"))
                .answer("elsewhere.example", MX, 300, rd -> rd.u16(10).name("mx.example").u8(9).rdLength(2 + 5 + 1))
                .build();

        malformed(reply);
    }

    @Test
    void refusesAnSrvWithoutItsTarget() {
        byte[] reply = reply("_x._tcp.example", SRV).answer("_x._tcp.example", SRV, 300, rd -> rd.u16(1).u16(2).u16(3))
                .answer("_x._tcp.example", A, 300, ipv4("192.0.2.1"))
                .build();

        assertThat(Digests.unusable(reply, "_x._tcp.example", SRV)).startsWith("malformed: ");
    }

    @Test
    void refusesAnSoaWithAFieldMissingInTheAuthoritySection() {
        byte[] reply = reply("nope.example", A).rcode(NXDOMAIN)
                .authority("example", SOA, 3600, rd -> rd.name("ns.example").name("h.example").u32(1).u32(2).u32(3).u32(4))
                .authority("example", SOA, 3600, soa("ns.example", "h.example", 1, 300))
                .build();

        assertThat(Digests.unusable(reply, "nope.example", A)).startsWith("malformed: ");
    }
}
