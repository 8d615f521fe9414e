package io.edgeplane.proxy.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * RFC 9112's rules for a request a proxy may forward. A proxy must never pass on what it would not accept
 * itself: two parsers disagreeing about where a request ends is how requests get smuggled. Netty's decoder
 * refuses some of this already; the rest is checked here, on the request head. Obsolete line folding is
 * gone by the time the head is decoded: {@link HeaderSectionGuard} looks for it in the raw bytes.
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

    /**
     * Whether the request line of a request {@link #validate} refused was read, so that its method and target
     * are the client's own and may be logged. When the decoder fails inside the request line (too long,
     * malformed) it hands on a stand-in {@link FullHttpRequest} ({@code GET /bad-request}), and so does
     * {@link HeaderSectionGuard} for a folded line; a failure later in the header section (too large, a bad
     * field) marks the request the decoder was building, which is never a full one.
     */
    public static boolean requestLineRead(HttpRequest request) {
        return !request.decoderResult().isFailure() || !(request instanceof FullHttpRequest);
    }

    /**
     * Puts the framing of a request {@link #validate} accepted in the one spelling every upstream reads alike:
     * {@code Transfer-Encoding: chunked} (chunked alone, in any case, is the only coding accepted) and a
     * Content-Length of plain digits. An upstream comparing "chunked" case-sensitively, or reading "005" as
     * something else, would otherwise find another end to the body than the proxy did.
     */
    public static void canonicalizeFraming(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            long length = Long.parseLong(headers.get(HttpHeaderNames.CONTENT_LENGTH));
            headers.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        }
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
        return encodings.isEmpty() ? null : checkTransferCodings(encodings);
    }

    /**
     * RFC 9112 §6.3: unless chunked is the final coding the body's end cannot be known (400), and §7 forbids
     * chunked twice (400). Another coding before chunked frames soundly but would have to be undone to be
     * forwarded: §6.1's 501. Netty refuses most of this already; this is the proxy's own word on it.
     */
    private static Rejection checkTransferCodings(List<String> encodings) {
        String[] codings = String.join(",", encodings).toLowerCase(Locale.ROOT).split(",", -1);
        if (!codings[codings.length - 1].strip().equals("chunked")) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding does not end with chunked");
        }
        for (int i = 0; i < codings.length - 1; i++) {
            if (codings[i].strip().equals("chunked")) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "chunked applied twice");
            }
        }
        if (codings.length > 1) {
            return new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported transfer coding " + codings[0].strip());
        }
        return null;
    }

    private static Rejection checkTarget(HttpRequest request, String host) {
        String uri = request.uri();
        if (uri.isEmpty()) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "empty request target");
        }
        if (!isTargetText(uri)) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "request target with a character RFC 3986 does not allow");
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

    /**
     * RFC 9112 §3.2 / RFC 3986: a request target is visible US-ASCII. Netty hands on control characters, DEL
     * and 8-bit bytes in it; a later parser might cut at a NUL or decode the bytes otherwise, and a '#' (a
     * fragment, never part of a target) is read as a path by some and not by others (CVE-2023-45539).
     */
    private static boolean isTargetText(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 3986 host [ ":" port ] and nothing a later parser might split otherwise: no userinfo, no path, one
     * port of digits, brackets only around an IP literal. Routing reads the host before the first colon; an
     * upstream must not be able to read another one out of the same value.
     */
    private static boolean isValidHost(String host) {
        if (host.isEmpty() || host.length() > 255) {
            return false;
        }
        int portColon;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 2 || !allOf(host, 1, close, RequestValidator::isIpLiteralChar)) {
                return false;
            }
            portColon = close + 1;
        } else {
            int colon = host.indexOf(':');
            portColon = colon < 0 ? host.length() : colon;
            if (portColon == 0 || !allOf(host, 0, portColon, RequestValidator::isRegNameChar)) {
                return false;
            }
        }
        return portColon == host.length()
                || host.charAt(portColon) == ':' && allOf(host, portColon + 1, host.length(), c -> c >= '0' && c <= '9');
    }

    /** A registered name or IPv4 address; sub-delims are valid there but no client sends them to a proxy. */
    private static boolean isRegNameChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-' || c == '_' || c == '~' || c == '%';
    }

    /** Inside [ ]: IPv6 (hex, colons, an IPv4 tail), a zone id, or IPvFuture. */
    private static boolean isIpLiteralChar(int c) {
        return isRegNameChar(c) || c == ':';
    }

    private static boolean allOf(String s, int from, int to, IntPredicate test) {
        for (int i = from; i < to; i++) {
            if (!test.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A refusal: the status to answer with, and why (for the log). */
    public record Rejection(HttpResponseStatus status, String reason) {
    }
}
