package io.edgeplane.proxy.files;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import java.util.List;

/**
 * RFC 9110 §13's preconditions for a GET or HEAD of a file, evaluated in §13.2.2's order: If-Match, else
 * If-Unmodified-Since (412 if false); If-None-Match, else If-Modified-Since (304 if false); and If-Range,
 * which decides whether a Range is honoured. A validator that does not parse is ignored, as the RFC says.
 */
final class ConditionalRequests {

    /** What the preconditions say to do. */
    enum Outcome {
        /** Send the representation (or the range of it). */
        SEND,
        /** 304: the client's copy is current. */
        NOT_MODIFIED,
        /** 412: the client asked for a state the file is not in. */
        PRECONDITION_FAILED
    }

    private static final long NO_DATE = Long.MIN_VALUE;

    private ConditionalRequests() {
    }

    /** The outcome for a request with {@code headers} of a file with {@code file}'s validators. */
    static Outcome evaluate(HttpHeaders headers, StaticFile file) {
        List<String> ifMatch = headers.getAll(HttpHeaderNames.IF_MATCH);
        if (!ifMatch.isEmpty()) {
            if (!anyMatches(ifMatch, file.etag(), true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            long unmodifiedSince = seconds(headers.get(HttpHeaderNames.IF_UNMODIFIED_SINCE));
            if (unmodifiedSince != NO_DATE && file.lastModified() > unmodifiedSince) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        List<String> ifNoneMatch = headers.getAll(HttpHeaderNames.IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            return anyMatches(ifNoneMatch, file.etag(), false) ? Outcome.NOT_MODIFIED : Outcome.SEND;
        }
        long modifiedSince = seconds(headers.get(HttpHeaderNames.IF_MODIFIED_SINCE));
        if (modifiedSince != NO_DATE && file.lastModified() <= modifiedSince) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.SEND;
    }

    /**
     * Whether a Range may be honoured under {@code ifRange} (null = no If-Range): an entity tag must match
     * strongly (a weak one never does), a date must equal Last-Modified exactly.
     */
    static boolean rangeApplies(String ifRange, StaticFile file) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(file.etag());
        }
        long date = seconds(value);
        return date != NO_DATE && date == file.lastModified();
    }

    private static boolean anyMatches(List<String> fieldValues, String etag, boolean strong) {
        for (int i = 0; i < fieldValues.size(); i++) {
            if (matches(fieldValues.get(i), etag, strong)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the entity-tag list {@code list} (or {@code *}) holds {@code etag}, a quoted strong tag. The
     * strong comparison of If-Match never matches a weak tag; the weak one of If-None-Match ignores {@code W/}.
     * A list that stops parsing matches nothing after that point.
     */
    static boolean matches(String list, String etag, boolean strong) {
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            boolean weak = list.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i >= n || list.charAt(i) != '"') {
                return false;
            }
            int close = list.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            int length = close + 1 - i;
            if (!(strong && weak) && length == etag.length() && list.regionMatches(i, etag, 0, length)) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }

    /** An HTTP-date (any of RFC 9110's three forms) in seconds since the epoch, or NO_DATE. */
    private static long seconds(String httpDate) {
        if (httpDate == null) {
            return NO_DATE;
        }
        Date date = DateFormatter.parseHttpDate(httpDate);
        return date == null ? NO_DATE : Math.floorDiv(date.getTime(), 1000);
    }
}
