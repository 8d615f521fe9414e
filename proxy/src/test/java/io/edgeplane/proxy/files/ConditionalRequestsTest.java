package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.files.ConditionalRequests.Outcome;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ConditionalRequestsTest {

    // Sun, 06 Nov 1994 08:49:37 GMT
    private static final long MTIME_MILLIS = 784_111_777_000L;
    private static final StaticFile FILE = StaticFile.of(1234, MTIME_MILLIS + 250, "text/plain");
    private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String SECOND_EARLIER = "Sun, 06 Nov 1994 08:49:36 GMT";
    private static final String SECOND_LATER = "Sun, 06 Nov 1994 08:49:38 GMT";

    @Test
    void etagIsNginxsHexMtimeAndSize() {
        assertThat(FILE.etag()).isEqualTo("\"2ebc98a1-4d2\"");
        assertThat(FILE.lastModified()).isEqualTo(784_111_777L);
        assertThat(FILE.lastModifiedHttpDate()).isEqualTo(DATE);
    }

    @Test
    void noConditionsSends() {
        assertThat(ConditionalRequests.evaluate(new DefaultHttpHeaders(), FILE)).isEqualTo(Outcome.SEND);
    }

    @Test
    void ifNoneMatchWithTheTagIsNotModified() {
        assertThat(evaluate("If-None-Match", FILE.etag())).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("If-None-Match", "\"other\", " + FILE.etag())).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("If-None-Match", "\"a\",\"b\"," + FILE.etag() + ",\"c\"")).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("If-None-Match", "*")).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifNoneMatchComparesWeakly() {
        assertThat(evaluate("If-None-Match", "W/" + FILE.etag())).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifNoneMatchWithOtherTagsSends() {
        assertThat(evaluate("If-None-Match", "\"2ebc98a1-4d3\"")).isEqualTo(Outcome.SEND);
        assertThat(evaluate("If-None-Match", "\"x\", W/\"y\"")).isEqualTo(Outcome.SEND);
        // Unquoted is not an entity tag.
        assertThat(evaluate("If-None-Match", "2ebc98a1-4d2")).isEqualTo(Outcome.SEND);
        assertThat(evaluate("If-None-Match", "\"2ebc98a1-4d2")).isEqualTo(Outcome.SEND);
    }

    @Test
    void ifNoneMatchOverridesIfModifiedSince() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("If-None-Match", "\"other\"")
                .set("If-Modified-Since", SECOND_LATER);
        assertThat(ConditionalRequests.evaluate(headers, FILE)).isEqualTo(Outcome.SEND);
    }

    @Test
    void ifModifiedSinceAtOrAfterMtimeIsNotModified() {
        assertThat(evaluate("If-Modified-Since", DATE)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("If-Modified-Since", SECOND_LATER)).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("If-Modified-Since", SECOND_EARLIER)).isEqualTo(Outcome.SEND);
    }

    @Test
    void ifModifiedSinceAcceptsTheObsoleteDateForms() {
        assertThat(evaluate("If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(Outcome.NOT_MODIFIED);
        assertThat(evaluate("If-Modified-Since", "Sun Nov  6 08:49:37 1994")).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void invalidDatesAreIgnored() {
        assertThat(evaluate("If-Modified-Since", "yesterday")).isEqualTo(Outcome.SEND);
        assertThat(evaluate("If-Unmodified-Since", "yesterday")).isEqualTo(Outcome.SEND);
    }

    @Test
    void ifMatchComparesStrongly() {
        assertThat(evaluate("If-Match", FILE.etag())).isEqualTo(Outcome.SEND);
        assertThat(evaluate("If-Match", "*")).isEqualTo(Outcome.SEND);
        assertThat(evaluate("If-Match", "W/" + FILE.etag())).isEqualTo(Outcome.PRECONDITION_FAILED);
        assertThat(evaluate("If-Match", "\"other\"")).isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test
    void ifUnmodifiedSince() {
        assertThat(evaluate("If-Unmodified-Since", DATE)).isEqualTo(Outcome.SEND);
        assertThat(evaluate("If-Unmodified-Since", SECOND_EARLIER)).isEqualTo(Outcome.PRECONDITION_FAILED);
    }

    @Test
    void ifMatchOverridesIfUnmodifiedSince() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("If-Match", FILE.etag())
                .set("If-Unmodified-Since", SECOND_EARLIER);
        assertThat(ConditionalRequests.evaluate(headers, FILE)).isEqualTo(Outcome.SEND);
    }

    @Test
    void ifNoneMatchInSeveralFieldLines() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("If-None-Match", "\"a\"")
                .add("If-None-Match", FILE.etag());
        assertThat(ConditionalRequests.evaluate(headers, FILE)).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForAnExactValidator() {
        assertThat(ConditionalRequests.rangeApplies(null, FILE)).isTrue();
        assertThat(ConditionalRequests.rangeApplies(FILE.etag(), FILE)).isTrue();
        assertThat(ConditionalRequests.rangeApplies(" " + FILE.etag() + " ", FILE)).isTrue();
        assertThat(ConditionalRequests.rangeApplies(DATE, FILE)).isTrue();
        assertThat(ConditionalRequests.rangeApplies("W/" + FILE.etag(), FILE)).isFalse();
        assertThat(ConditionalRequests.rangeApplies("\"other\"", FILE)).isFalse();
        assertThat(ConditionalRequests.rangeApplies(SECOND_LATER, FILE)).isFalse();
        assertThat(ConditionalRequests.rangeApplies(SECOND_EARLIER, FILE)).isFalse();
        assertThat(ConditionalRequests.rangeApplies("garbage", FILE)).isFalse();
    }

    private static Outcome evaluate(String name, String value) {
        return ConditionalRequests.evaluate(new DefaultHttpHeaders().set(name, value), FILE);
    }
}
