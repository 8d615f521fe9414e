package io.edgeplane.config.proxy;

import java.util.Locale;
import java.util.Set;

/** RFC 9110 field names: a token of visible characters without separators; and which of them are framing. */
final class HeaderNames {

    static final String EXPECTED = "a header name such as X-Frame-Options (RFC 9110 token characters)";

    /**
     * Headers that say where a message ends and whether its connection stays open. edgeplane sets them from
     * what it actually sends; an edit or a fixed answer that changed them would make the peer read a body of
     * another length, or keep a connection edgeplane closes: a desync, which is how responses get smuggled.
     */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    static final String NOT_FRAMING = "a header other than Connection, Content-Length and Transfer-Encoding, "
            + "which edgeplane sets itself";

    private HeaderNames() {
    }

    /** Whether {@code name} is one of the framing headers no config may set or remove. */
    static boolean isFraming(String name) {
        return FRAMING.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The problem with editing {@code name}, said the same way wherever a header is named. */
    static String framingMessage(String name) {
        return "'" + name + "' frames the message and is set by edgeplane itself";
    }

    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
