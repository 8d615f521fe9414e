package io.edgeplane.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyWriter}: records written to follow a question at byte 12, names compressed against the question
 * and against what was written before, with absolute pointers that stay within 14 bits.
 */
class BodyWriterTest {

    private static final TtlClamp ANY_TTL = new TtlClamp(0, WireRecords.MAX_TTL);

    /** The body's bytes as written at its own start, TTLs as given. */
    private static String hex(WireRecords records) {
        byte[] out = new byte[records.bodyStart() + records.length()];
        records.write(out, records.bodyStart(), ANY_TTL, 0);
        return HexFormat.of().formatHex(out, records.bodyStart(), out.length);
    }

    private static byte[] name(String canonical) {
        return Names.fromCanonical(canonical);
    }

    /** One record with {@code rdata} as its RDATA. */
    private static void record(BodyWriter body, String owner, int type, long ttl, byte[] rdata) {
        int rdLengthAt = body.startRecord(name(owner), type, 1, ttl);
        body.bytes(rdata, 0, rdata.length);
        body.endRdata(rdLengthAt);
    }

    @Test
    void startsTheBodyRightAfterTheQuestion() {
        // 12 header bytes, "www.example" in 13, QTYPE and QCLASS in 4.
        WireRecords records = new BodyWriter(name("www.example")).finish(0, 0);

        assertThat(records.bodyStart()).isEqualTo(29);
        assertThat(records.length()).isZero();
    }

    @Test
    void writesTheQuestionsNameAsAPointerTo12() {
        BodyWriter body = new BodyWriter(name("www.example"));
        record(body, "www.example", 1, 300, new byte[] {(byte) 192, 0, 2, 1});

        assertThat(hex(body.finish(1, 0))).isEqualTo("c00c" + "0001" + "0001" + "0000012c" + "0004" + "c0000201");
    }

    @Test
    void compressesAgainstASuffixOfTheQuestion() {
        // "mail" then a pointer to the question's "example", at 12 + 4.
        BodyWriter body = new BodyWriter(name("www.example"));
        record(body, "mail.example", 1, 300, new byte[4]);

        assertThat(hex(body.finish(1, 0))).startsWith("046d61696c" + "c010");
    }

    @Test
    void compressesAgainstNamesWrittenBeforeWithAbsolutePointers() {
        BodyWriter body = new BodyWriter(name("example"));
        // The first owner is written at 25 (12 + 9 + 4): "mail" then a pointer to the question.
        record(body, "mail.example", 1, 300, new byte[4]);
        record(body, "mail.example", 1, 300, new byte[4]);
        record(body, "a.mail.example", 1, 300, new byte[4]);

        String hex = hex(body.finish(3, 0));

        String first = "046d61696c" + "c00c" + "0001" + "0001" + "0000012c" + "0004" + "00000000";
        String second = "c019" + "0001" + "0001" + "0000012c" + "0004" + "00000000";
        assertThat(hex).isEqualTo(first + second + "0161" + "c019" + "0001" + "0001" + "0000012c" + "0004" + "00000000");
    }

    @Test
    void writesAnUncompressibleNameInFullButLetsLaterNamesPointIntoIt() {
        BodyWriter body = new BodyWriter(name("example"));
        int rdLengthAt = body.startRecord(name("example"), 33, 1, 60);
        body.bytes(new byte[6], 0, 6);
        int targetAt = 25 + 2 + 10 + 6; // after the owner's pointer, the fixed fields and SRV's three numbers
        body.name(name("sip.example"), false);
        body.endRdata(rdLengthAt);
        record(body, "sip.example", 1, 60, new byte[4]);

        String hex = hex(body.finish(2, 0));

        assertThat(hex).startsWith("c00c" + "0021" + "0001" + "0000003c" + "0013" + "000000000000" + "03736970076578616d706c6500");
        assertThat(hex).contains(String.format("c0%02x0001", targetAt));
    }

    @Test
    void writesTheRootAsOneByte() {
        BodyWriter body = new BodyWriter(name("example"));
        record(body, "", 2, 60, new byte[0]);

        assertThat(hex(body.finish(1, 0))).isEqualTo("00" + "0002" + "0001" + "0000003c" + "0000");
    }

    @Test
    void countsTheRdlengthOfWhatWasWrittenIncludingCompressedNames() {
        BodyWriter body = new BodyWriter(name("example"));
        int rdLengthAt = body.startRecord(name("example"), 15, 1, 60);
        body.u16(10);
        body.name(name("mx.example"), true);
        body.endRdata(rdLengthAt);

        // Preference (2) + "mx" (3) + a pointer (2).
        assertThat(hex(body.finish(1, 0))).isEqualTo("c00c" + "000f" + "0001" + "0000003c" + "0007" + "000a" + "026d78c00c");
    }

    @Test
    void neverPointsPastTheFourteenBitLimit() {
        // Fill the body past 0x3FFF, then write a new name twice: the second copy cannot point at the first.
        BodyWriter body = new BodyWriter(name("example"));
        for (int i = 0; i < 70; i++) {
            record(body, "example", 16, 60, new byte[250]);
        }
        record(body, "far.away.test", 1, 60, new byte[4]);
        record(body, "far.away.test", 1, 60, new byte[4]);
        WireRecords records = body.finish(72, 0);

        String hex = hex(records);
        String farAway = "03666172" + "0461776179" + "0474657374" + "00";
        assertThat(records.bodyStart() + records.length()).isGreaterThan(0x3FFF);
        assertThat(hex.indexOf(farAway)).isNotEqualTo(hex.lastIndexOf(farAway));
    }

    @Test
    void stillPointsToNamesWrittenBeforeTheLimitFromPastIt() {
        BodyWriter body = new BodyWriter(name("example"));
        record(body, "early.test", 1, 60, new byte[4]);
        for (int i = 0; i < 70; i++) {
            record(body, "example", 16, 60, new byte[250]);
        }
        record(body, "early.test", 1, 60, new byte[4]);

        String hex = hex(body.finish(72, 0));

        // The last record's owner is a pointer to 25, where the first one was written.
        assertThat(hex).endsWith("c019" + "0001" + "0001" + "0000003c" + "0004" + "00000000");
    }

    @Test
    void recordsEachTtlWhereItWasWritten() {
        BodyWriter body = new BodyWriter(name("example"));
        record(body, "example", 1, 300, new byte[4]);
        record(body, "example", 1, 60, new byte[4]);
        WireRecords records = body.finish(1, 1);

        assertThat(records.minTtl()).isEqualTo(60);
        assertThat(records.answerCount()).isEqualTo(1);
        assertThat(records.authorityCount()).isEqualTo(1);
        assertThat(hex(records)).isEqualTo("c00c00010001" + "0000012c" + "000400000000" + "c00c00010001" + "0000003c" + "000400000000");
    }
}
