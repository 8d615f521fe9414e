package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.proxy.files.RangeSelection.Whole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @Test
    void closedRange() {
        assertThat(ByteRange.parse("bytes=0-499", 10_000)).isEqualTo(new ByteRange(0, 499));
        assertThat(ByteRange.parse("bytes=500-999", 10_000)).isEqualTo(new ByteRange(500, 999));
    }

    @Test
    void lastPastTheEndIsClampedToTheEnd() {
        assertThat(ByteRange.parse("bytes=9500-20000", 10_000)).isEqualTo(new ByteRange(9500, 9999));
    }

    @Test
    void openRangeRunsToTheEnd() {
        assertThat(ByteRange.parse("bytes=9500-", 10_000)).isEqualTo(new ByteRange(9500, 9999));
        assertThat(ByteRange.parse("bytes=0-", 1)).isEqualTo(new ByteRange(0, 0));
    }

    @Test
    void suffixRangeIsTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-500", 10_000)).isEqualTo(new ByteRange(9500, 9999));
        assertThat(ByteRange.parse("bytes=-20000", 10_000)).isEqualTo(new ByteRange(0, 9999));
    }

    @Test
    void rangeWhollyPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=10000-", 10_000)).isEqualTo(Whole.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=10000-10001", 10_000)).isEqualTo(Whole.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 10_000)).isEqualTo(Whole.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-", 0)).isEqualTo(Whole.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-5", 0)).isEqualTo(Whole.UNSATISFIABLE);
    }

    @Test
    void hugeNumbersSaturateInsteadOfOverflowing() {
        assertThat(ByteRange.parse("bytes=0-99999999999999999999999", 10)).isEqualTo(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=99999999999999999999999-", 10)).isEqualTo(Whole.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-99999999999999999999999", 10)).isEqualTo(new ByteRange(0, 9));
    }

    @Test
    void unitIsCaseInsensitiveAndListWhitespaceIsAllowed() {
        assertThat(ByteRange.parse("Bytes= 1-2 ", 10)).isEqualTo(new ByteRange(1, 2));
        assertThat(ByteRange.parse("bytes=1-2,", 10)).isEqualTo(new ByteRange(1, 2));
        assertThat(ByteRange.parse("bytes=, 1-2", 10)).isEqualTo(new ByteRange(1, 2));
    }

    @Test
    void severalRangesAreAnsweredWithTheWholeFile() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 10)).isEqualTo(Whole.IGNORED);
        assertThat(ByteRange.parse("bytes=0-0,0-0,0-0,0-0", 10)).isEqualTo(Whole.IGNORED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "items=0-1", "bytes=a-b", "bytes=1-a", "bytes=5-3",
            "bytes=+1-2", "bytes=1 -2", "bytes=0x1-2", "bytes=--1", "bytes=1-2-3", "=0-1"})
    void malformedHeadersAreIgnored(String header) {
        assertThat(ByteRange.parse(header, 10)).isEqualTo(Whole.IGNORED);
    }

    @Test
    void noHeaderMeansTheWholeFile() {
        assertThat(ByteRange.parse(null, 10)).isEqualTo(Whole.IGNORED);
    }

    @Test
    void contentRangeValues() {
        ByteRange range = new ByteRange(500, 999);
        assertThat(range.length()).isEqualTo(500);
        assertThat(range.contentRange(10_000)).isEqualTo("bytes 500-999/10000");
        assertThat(ByteRange.unsatisfiedRange(10_000)).isEqualTo("bytes */10000");
    }

    @Test
    void impossibleRangeCannotBeBuilt() {
        assertThatThrownBy(() -> new ByteRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteRange(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
