package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The stats page's measures, escaping and path encoding. */
class StatsFormatsTest {

    @Test
    void bytesInBinaryUnitsWithOneDecimal() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Formats.bytes(1_258_291)).isEqualTo("1.2 MiB");
        assertThat(Formats.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Formats.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void agesInTheirTwoLargestUnits() {
        assertThat(Formats.age(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(Formats.age(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Formats.age(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Formats.age(Duration.ofMinutes(123))).isEqualTo("2h03m");
        assertThat(Formats.age(Duration.ofHours(98))).isEqualTo("4d02h");
        assertThat(Formats.age(Duration.ofSeconds(-5))).isEqualTo("0s");
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        assertThat(Formats.ago(now.minusSeconds(192), now)).isEqualTo("3m12s ago");
    }

    @Test
    void ratesAndLatenciesWithOneDecimal() {
        assertThat(Formats.rate(0)).isEqualTo("0.0");
        assertThat(Formats.rate(12.345)).isEqualTo("12.3");
        assertThat(Formats.millis(12.34)).isEqualTo("12.3 ms");
        assertThat(Formats.millis(null)).isEqualTo("-");
        assertThat(Formats.instant(Instant.parse("2025-03-01T12:00:05.734Z"))).isEqualTo("2025-03-01T12:00:05Z");
    }

    @Test
    void clockMeasuresInTheUnitThatReadsBest() {
        assertThat(Formats.micros(4.5)).isEqualTo("4.5 µs");
        assertThat(Formats.micros(999.9)).isEqualTo("999.9 µs");
        assertThat(Formats.micros(999.96)).isEqualTo("1.00 ms");
        assertThat(Formats.micros(2345.6)).isEqualTo("2.35 ms");
        assertThat(Formats.micros(2_500_000)).isEqualTo("2.500 s");
        assertThat(Formats.micros(Double.NaN)).isEqualTo("-");
        assertThat(Formats.offset(12.5)).isEqualTo("+12.5 µs");
        assertThat(Formats.offset(-1523.4)).isEqualTo("-1.52 ms");
        assertThat(Formats.offset(-0.04)).isEqualTo("0.0 µs");
        assertThat(Formats.offset(0)).isEqualTo("0.0 µs");
        assertThat(Formats.offset(-3_000_000)).isEqualTo("-3.000 s");
        assertThat(Formats.ppm(-3.25)).isEqualTo("-3.250 ppm");
        assertThat(Formats.ppm(12.3456)).isEqualTo("+12.346 ppm");
        assertThat(Formats.ppm(-0.0001)).isEqualTo("0.000 ppm");
        assertThat(Formats.poll(6)).isEqualTo("64 s");
        assertThat(Formats.poll(0)).isEqualTo("1 s");
        assertThat(Formats.poll(10)).isEqualTo("1024 s");
        assertThat(Formats.poll(-7)).isEqualTo("1/128 s");
    }

    @Test
    void escapesTheFiveHtmlCharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.escape("plain 10.0.0.1:80")).isEqualTo("plain 10.0.0.1:80");
        assertThat(new Html().raw("<td").attr("title", "\"><x>").raw(">").text("<&>").toString())
                .isEqualTo("<td title=\"&quot;&gt;&lt;x&gt;\">&lt;&amp;&gt;");
    }

    @Test
    void pathSegmentsKeepUnreservedCharactersAndColons() {
        assertThat(PathSegment.encode("10.0.0.5:8080")).isEqualTo("10.0.0.5:8080");
        assertThat(PathSegment.encode("[::1]:80")).isEqualTo("%5B::1%5D:80");
        assertThat(PathSegment.encode("a b/c?d#e%f&g+h")).isEqualTo("a%20b%2Fc%3Fd%23e%25f%26g%2Bh");
        assertThat(PathSegment.encode("app_1-x.internal~")).isEqualTo("app_1-x.internal~");
        assertThat(PathSegment.encode("café")).isEqualTo("caf%C3%A9");
    }
}
