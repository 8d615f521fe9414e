package io.edgeplane.proxy.files;

import io.edgeplane.proxy.files.ParsedPath.Rejected;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path made safe to join to a root: percent-decoded once (UTF-8), with {@code .}, {@code ..} and
 * empty segments removed. Decoding happens before normalising so that {@code %2e%2e} and {@code ..%2f} are
 * the same {@code ..} as a literal one; decoding exactly once leaves {@code %252e} as the name {@code %2e}.
 *
 * @param relative  the path below the root, segments joined by '/', empty for the root itself
 * @param directory the request names a directory (it ends with '/', '/.' or '/..')
 */
record FilePath(String relative, boolean directory) implements ParsedPath {

    /** Parses a raw, percent-encoded path without its query (as in the request target). */
    static ParsedPath parse(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return Rejected.MALFORMED;
        }
        String decoded = decode(raw);
        return decoded == null ? Rejected.MALFORMED : normalize(decoded);
    }

    /** The path decoded as UTF-8, or null if it is malformed or has a NUL or a backslash. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && isPlainAscii(raw)) {
            return raw;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                b = hi << 4 | lo;
                i += 2;
            } else if (c <= 0xFF) {
                // The HTTP decoder reads the request line as ISO-8859-1: a char here is one byte of the target.
                b = c;
            } else {
                return null;
            }
            if (b == 0 || b == '\\') {
                return null;
            }
            bytes[n++] = (byte) b;
        }
        try {
            // Strict: overlong forms such as %c0%ae (a '.') and lone surrogates are errors, not characters.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == 0 || c == '\\' || c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static ParsedPath normalize(String decoded) {
        List<String> segments = new ArrayList<>();
        int start = 1;
        String last = "";
        while (start <= decoded.length()) {
            int slash = decoded.indexOf('/', start);
            int end = slash < 0 ? decoded.length() : slash;
            last = decoded.substring(start, end);
            if (last.equals("..")) {
                if (segments.isEmpty()) {
                    return Rejected.OUTSIDE_ROOT;
                }
                segments.removeLast();
            } else if (!last.isEmpty() && !last.equals(".")) {
                segments.add(last);
            }
            start = end + 1;
        }
        boolean directory = last.isEmpty() || last.equals(".") || last.equals("..");
        return new FilePath(String.join("/", segments), directory);
    }

    /** The last segment: the name the content type is taken from. */
    String name() {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }
}
