package io.edgeplane.proxy.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9112's rules for a request a proxy may forward. A proxy must never pass on what it would not accept
 * itself: two parsers disagreeing about where a request ends is how requests get smuggled. Netty's decoder
 * refuses some of this already; the rest is checked here, on the request head.
 */
public final class RequestValidator {

    private RequestValidator() {
    }

    /** Why {@code request} must be refused, or null if it may go on. */
    public static Rejection validate(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section too large");
            }
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request: " + cause.getMessage());
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return new Rejection(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported HTTP version " + version);
        }
        HttpHeaders headers = request.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (version.minorVersion() >= 1 && hosts.isEmpty()) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 request without Host");
        }
        if (!hosts.isEmpty() && !isValidHost(hosts.getFirst())) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Host header");
        }
        Rejection framing = checkFraming(headers);
        if (framing != null) {
            return framing;
        }
        return checkTarget(request, hosts.isEmpty() ? null : hosts.getFirst());
    }

    private static Rejection checkFraming(HttpHeaders headers) {
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!lengths.isEmpty() && !encodings.isEmpty()) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding");
        }
        if (lengths.size() > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Content-Length");
        }
        if (lengths.size() == 1 && !isDigits(lengths.getFirst())) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed Content-Length");
        }
        if (!encodings.isEmpty()) {
            String joined = String.join(",", encodings).toLowerCase(Locale.ROOT);
            String[] codings = joined.split(",", -1);
            String last = codings[codings.length - 1].strip();
            if (!last.equals("chunked")) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding does not end with chunked");
            }
            for (int i = 0; i < codings.length - 1; i++) {
                String coding = codings[i].strip();
                if (coding.equals("chunked")) {
                    return new Rejection(HttpResponseStatus.BAD_REQUEST, "chunked applied twice");
                }
                // Any coding but chunked would have to be undone to find the body's end: not supported.
                return new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported transfer coding " + coding);
            }
        }
        return null;
    }

    private static Rejection checkTarget(HttpRequest request, String host) {
        String uri = request.uri();
        if (uri.isEmpty()) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "empty request target");
        }
        if (uri.charAt(0) == '/') {
            return null;
        }
        if (uri.equals("*")) {
            return request.method().equals(HttpMethod.OPTIONS) ? null
                    : new Rejection(HttpResponseStatus.BAD_REQUEST, "'*' is a target only for OPTIONS");
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not served");
        }
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request target");
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "request target with scheme " + scheme);
        }
        int authorityEnd = uri.indexOf('/', schemeEnd + 3);
        int queryStart = uri.indexOf('?', schemeEnd + 3);
        if (authorityEnd < 0 || queryStart >= 0 && queryStart < authorityEnd) {
            authorityEnd = queryStart < 0 ? uri.length() : queryStart;
        }
        String authority = uri.substring(schemeEnd + 3, authorityEnd);
        // RFC 9112 §3.2.2: with an absolute-form target the Host header must name the same authority.
        if (host == null || !authority.equalsIgnoreCase(host)) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "request target authority differs from Host");
        }
        return null;
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 host [ ":" port ]: no spaces, slashes or other delimiters a later parser might split on. */
    private static boolean isValidHost(String host) {
        if (host.isEmpty() || host.length() > 255) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_' || c == '~' || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A refusal: the status to answer with, and why (for the log). */
    public record Rejection(HttpResponseStatus status, String reason) {
    }
}
