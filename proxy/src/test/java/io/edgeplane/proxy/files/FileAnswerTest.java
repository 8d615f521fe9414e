package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class FileAnswerTest {

    private static final StaticFile FILE = StaticFile.of(10_000, 784_111_777_000L, "image/png");
    private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

    @Test
    void getSendsTheWholeFile() {
        FileAnswer answer = FileAnswer.of(get(), FILE);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.carriesFile()).isTrue();
        assertThat(answer.offset()).isZero();
        assertThat(answer.length()).isEqualTo(10_000);
        assertThat(answer.headers().get("Content-Length")).isEqualTo("10000");
        assertThat(answer.headers().get("Content-Type")).isEqualTo("image/png");
        assertThat(answer.headers().get("Accept-Ranges")).isEqualTo("bytes");
        assertThat(answer.headers().get("ETag")).isEqualTo(FILE.etag());
        assertThat(answer.headers().get("Last-Modified")).isEqualTo(DATE);
        assertThat(answer.headers().contains("Content-Range")).isFalse();
    }

    @Test
    void headDescribesTheFileWithoutItsBytes() {
        FileAnswer answer = FileAnswer.of(request(HttpMethod.HEAD), FILE);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.length()).isZero();
        assertThat(answer.headers().get("Content-Length")).isEqualTo("10000");
    }

    @Test
    void headIgnoresRange() {
        HttpRequest head = request(HttpMethod.HEAD);
        head.headers().set("Range", "bytes=0-9");
        assertThat(FileAnswer.of(head, FILE).status()).isEqualTo(HttpResponseStatus.OK);
    }

    @Test
    void rangeGivesPartialContent() {
        HttpRequest get = get();
        get.headers().set("Range", "bytes=100-199");
        FileAnswer answer = FileAnswer.of(get, FILE);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.PARTIAL_CONTENT);
        assertThat(answer.offset()).isEqualTo(100);
        assertThat(answer.length()).isEqualTo(100);
        assertThat(answer.headers().get("Content-Range")).isEqualTo("bytes 100-199/10000");
        assertThat(answer.headers().get("Content-Length")).isEqualTo("100");
        assertThat(answer.headers().get("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void unsatisfiableRangeIs416() {
        HttpRequest get = get();
        get.headers().set("Range", "bytes=10000-");
        FileAnswer answer = FileAnswer.of(get, FILE);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
        assertThat(answer.carriesFile()).isFalse();
        assertThat(answer.length()).isZero();
        assertThat(answer.headers().get("Content-Range")).isEqualTo("bytes */10000");
    }

    @Test
    void severalRangesGetTheWholeFile() {
        HttpRequest get = get();
        get.headers().set("Range", "bytes=0-1,3-4");
        assertThat(FileAnswer.of(get, FILE).status()).isEqualTo(HttpResponseStatus.OK);
    }

    @Test
    void ifRangeMismatchGetsTheWholeFile() {
        HttpRequest get = get();
        get.headers().set("Range", "bytes=0-1").set("If-Range", "\"stale\"");
        FileAnswer answer = FileAnswer.of(get, FILE);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.length()).isEqualTo(10_000);
    }

    @Test
    void ifRangeMatchHonoursTheRange() {
        HttpRequest byTag = get();
        byTag.headers().set("Range", "bytes=0-1").set("If-Range", FILE.etag());
        assertThat(FileAnswer.of(byTag, FILE).status()).isEqualTo(HttpResponseStatus.PARTIAL_CONTENT);
        HttpRequest byDate = get();
        byDate.headers().set("Range", "bytes=0-1").set("If-Range", DATE);
        assertThat(FileAnswer.of(byDate, FILE).status()).isEqualTo(HttpResponseStatus.PARTIAL_CONTENT);
    }

    @Test
    void notModifiedCarriesValidatorsOnly() {
        HttpRequest get = get();
        get.headers().set("If-None-Match", FILE.etag()).set("Range", "bytes=0-1");
        FileAnswer answer = FileAnswer.of(get, FILE);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.NOT_MODIFIED);
        assertThat(answer.length()).isZero();
        assertThat(answer.headers().get("ETag")).isEqualTo(FILE.etag());
        assertThat(answer.headers().get("Last-Modified")).isEqualTo(DATE);
        assertThat(answer.headers().contains("Content-Length")).isFalse();
        assertThat(answer.headers().contains("Content-Type")).isFalse();
    }

    @Test
    void failedIfMatchIs412() {
        HttpRequest get = get();
        get.headers().set("If-Match", "\"other\"");
        assertThat(FileAnswer.of(get, FILE).status()).isEqualTo(HttpResponseStatus.PRECONDITION_FAILED);
    }

    private static HttpRequest get() {
        return request(HttpMethod.GET);
    }

    private static HttpRequest request(HttpMethod method) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/f.png");
    }
}
