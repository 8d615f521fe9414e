package io.edgeplane.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link WireRecords}: one copy of the body per answer written, with each TTL clamped and counted down in place. */
class WireRecordsTest {

    /** Two A records for "example" (question at 12, body at 25) with TTLs 300 and 60. */
    private static WireRecords twoRecords() {
        BodyWriter body = new BodyWriter(Names.fromCanonical("example"));
        for (long ttl : new long[] {300, 60}) {
            int rdLengthAt = body.startRecord(Names.fromCanonical("example"), 1, 1, ttl);
            body.bytes(new byte[] {(byte) 192, 0, 2, 1}, 0, 4);
            body.endRdata(rdLengthAt);
        }
        return body.finish(2, 0);
    }

    private static long ttlAt(byte[] out, int at) {
        return (out[at] & 0xFFL) << 24 | (out[at + 1] & 0xFF) << 16 | (out[at + 2] & 0xFF) << 8 | out[at + 3] & 0xFF;
    }

    @Test
    void refusesTtlsThatDoNotMatchTheRecordCounts() {
        assertThatThrownBy(() -> new WireRecords(new byte[0], 17, new int[] {0}, new long[] {1}, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireRecords(new byte[0], 17, new int[] {0, 4}, new long[] {1}, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLowestTtlOfNoRecordsIsTheMaximum() {
        assertThat(new WireRecords(new byte[0], 17, new int[0], new long[0], 0, 0).minTtl()).isEqualTo(WireRecords.MAX_TTL);
    }

    @Test
    void writesTheBodyAndReturnsTheOffsetAfterIt() {
        WireRecords records = twoRecords();
        byte[] out = new byte[100];
        Arrays.fill(out, (byte) 0x5A);

        int end = records.write(out, 25, new TtlClamp(0, WireRecords.MAX_TTL), 0);

        assertThat(end).isEqualTo(25 + records.length()).isEqualTo(25 + 2 * 16);
        assertThat(ttlAt(out, 25 + 6)).isEqualTo(300);
        assertThat(ttlAt(out, 25 + 16 + 6)).isEqualTo(60);
        // Nothing before or after the body is touched.
        assertThat(out[24]).isEqualTo((byte) 0x5A);
        assertThat(out[end]).isEqualTo((byte) 0x5A);
    }

    @Test
    void countsEachTtlDownOnItsOwnAndStopsAtZero() {
        byte[] out = new byte[25 + 32];

        twoRecords().write(out, 25, new TtlClamp(0, WireRecords.MAX_TTL), 100);

        assertThat(ttlAt(out, 31)).isEqualTo(200);
        assertThat(ttlAt(out, 47)).isZero();
    }

    @Test
    void clampsBeforeCountingDown() {
        byte[] out = new byte[25 + 32];

        // Floor 120, ceiling 240: 300 → 240, 60 → 120, then 10 s gone.
        twoRecords().write(out, 25, new TtlClamp(120, 240), 10);

        assertThat(ttlAt(out, 31)).isEqualTo(230);
        assertThat(ttlAt(out, 47)).isEqualTo(110);
    }

    @Test
    void writingLeavesTheRecordsAsTheyWere() {
        WireRecords records = twoRecords();
        byte[] later = new byte[25 + 32];
        byte[] fresh = new byte[25 + 32];

        records.write(later, 25, new TtlClamp(0, WireRecords.MAX_TTL), 250);
        records.write(fresh, 25, new TtlClamp(0, WireRecords.MAX_TTL), 0);

        assertThat(HexFormat.of().formatHex(fresh, 25, 57)).isEqualTo(
                "c00c00010001" + "0000012c" + "0004c0000201" + "c00c00010001" + "0000003c" + "0004c0000201");
    }

    @Test
    void writesTheLargestTtlInFourBytes() {
        BodyWriter body = new BodyWriter(Names.fromCanonical("example"));
        body.endRdata(body.startRecord(Names.fromCanonical("example"), 1, 1, WireRecords.MAX_TTL));
        byte[] out = new byte[25 + 12];

        body.finish(1, 0).write(out, 25, new TtlClamp(0, WireRecords.MAX_TTL), 0);

        assertThat(ttlAt(out, 31)).isEqualTo(0x7FFF_FFFFL);
    }
}
