package io.edgeplane.config.dhcp;

import java.util.HexFormat;

/**
 * Bytes written as hex pairs, back to back ({@code 01020a}) or separated by {@code :} ({@code 01:02:0a}), as
 * {@code hex} and {@code client_id} take them. Only ASCII hex digits count: {@link Character#digit} would also
 * take other scripts' digits, which {@link HexFormat} then refuses.
 */
final class HexBytes {

    private HexBytes() {
    }

    /**
     * How many bytes {@code text} holds, or -1 when it is not hex pairs. A {@code :} may only stand between two
     * pairs: dnsmasq reads {@code a:b:cd} as three bytes, so dropping the colons (two bytes) would change it silently.
     */
    static int length(String text) {
        if (text.indexOf(':') < 0) {
            return text.length() % 2 == 0 && allHex(text) ? text.length() / 2 : -1;
        }
        String[] pairs = text.split(":", -1);
        for (String pair : pairs) {
            if (pair.length() != 2 || !allHex(pair)) {
                return -1;
            }
        }
        return pairs.length;
    }

    /** The bytes of text that {@link #length} accepts. */
    static byte[] parse(String text) {
        return HexFormat.of().parseHex(text.replace(":", ""));
    }

    private static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
