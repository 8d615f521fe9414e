package io.edgeplane.config.proxy;

/** RFC 9110 field names: a token of visible characters without separators. */
final class HeaderNames {

    static final String EXPECTED = "a header name such as X-Frame-Options (RFC 9110 token characters)";

    private HeaderNames() {
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
