package io.edgeplane.proxy.files;

import io.edgeplane.proxy.files.RangeSelection.Whole;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The answer to a GET or HEAD of a file that was found, decided without touching a socket: the status, the
 * headers that describe the file, and which of its bytes follow the head.
 *
 * @param status  200, 206, 304, 412 or 416
 * @param headers ETag and Last-Modified always; with 200 and 206 also Content-Type, Content-Length and
 *                Accept-Ranges; Content-Range with 206 and 416
 * @param offset  where in the file the body starts
 * @param length  how many bytes of the file follow the head: 0 for HEAD and for every status but 200 and 206
 */
record FileAnswer(HttpResponseStatus status, HttpHeaders headers, long offset, long length) {

    /** Whether the status is one that carries (part of) the file, rather than a short explanation. */
    boolean carriesFile() {
        return status.equals(HttpResponseStatus.OK) || status.equals(HttpResponseStatus.PARTIAL_CONTENT);
    }

    /** The answer to {@code request} (a GET or a HEAD) for {@code file}. */
    static FileAnswer of(HttpRequest request, StaticFile file) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.ETAG, file.etag());
        headers.set(HttpHeaderNames.LAST_MODIFIED, file.lastModifiedHttpDate());
        switch (ConditionalRequests.evaluate(request.headers(), file)) {
            case NOT_MODIFIED -> {
                return new FileAnswer(HttpResponseStatus.NOT_MODIFIED, headers, 0, 0);
            }
            case PRECONDITION_FAILED -> {
                return new FileAnswer(HttpResponseStatus.PRECONDITION_FAILED, headers, 0, 0);
            }
            case SEND -> {
            }
        }
        headers.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        boolean get = request.method().equals(HttpMethod.GET);
        // RFC 9110 §14.2: GET is the only method with range semantics; a HEAD describes the whole file.
        RangeSelection selection = get
                && ConditionalRequests.rangeApplies(request.headers().get(HttpHeaderNames.IF_RANGE), file)
                ? ByteRange.parse(request.headers().get(HttpHeaderNames.RANGE), file.size())
                : Whole.IGNORED;
        return switch (selection) {
            case ByteRange range -> {
                headers.set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
                headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(file.size()));
                headers.set(HttpHeaderNames.CONTENT_LENGTH, range.length());
                yield new FileAnswer(HttpResponseStatus.PARTIAL_CONTENT, headers, range.first(), range.length());
            }
            case Whole.UNSATISFIABLE -> {
                headers.set(HttpHeaderNames.CONTENT_RANGE, ByteRange.unsatisfiedRange(file.size()));
                yield new FileAnswer(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, 0, 0);
            }
            case Whole.IGNORED -> {
                headers.set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
                headers.set(HttpHeaderNames.CONTENT_LENGTH, file.size());
                yield new FileAnswer(HttpResponseStatus.OK, headers, 0, get ? file.size() : 0);
            }
        };
    }
}
