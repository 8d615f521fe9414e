package io.edgeplane.gateway.stats;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one URL path segment (RFC 3986 section 3.3), for pool and server names in the admin
 * API's paths. Only unreserved characters and {@code :} stay as they are, so {@code /}, {@code ?},
 * {@code #}, {@code %} and {@code &} in a name cannot change what the path points at; URLEncoder would not
 * do, it writes a space as {@code +}, which a path reads as a plus.
 */
final class PathSegment {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {
    }

    static String encode(String segment) {
        StringBuilder encoded = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (keeps(c)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return encoded.toString();
    }

    private static boolean keeps(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
    }
}
