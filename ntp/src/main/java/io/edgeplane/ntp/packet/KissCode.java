package io.edgeplane.ntp.packet;

import java.util.Objects;

/**
 * Kiss-o'-death codes (RFC 5905 §7.4): four ASCII characters in the reference ID of a packet with stratum 0,
 * telling the client something instead of the time.
 */
public final class KissCode {

    /** "RATE": the client polls too often and should poll less. */
    public static final int RATE = 0x5241_5445;

    /** "DENY": the server denies access; the client should stop polling it. */
    public static final int DENY = 0x4445_4E59;

    /** "RSTR": access is restricted by policy; the client should stop polling it. */
    public static final int RSTR = 0x5253_5452;

    private KissCode() {
    }

    /** The reference ID of one to four ASCII characters, padded on the right with zero bytes as RFC 5905 does. */
    public static int of(String code) {
        Objects.requireNonNull(code, "code");
        if (code.isEmpty() || code.length() > 4) {
            throw new IllegalArgumentException("a kiss code is 1 to 4 ASCII characters, got \"" + code + "\"");
        }
        int id = 0;
        for (int i = 0; i < 4; i++) {
            int c = i < code.length() ? code.charAt(i) : 0;
            if (i < code.length() && (c < 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("a kiss code is printable ASCII, got \"" + code + "\"");
            }
            id = id << 8 | c;
        }
        return id;
    }

    /** The reference ID as text, trailing zero bytes dropped; any other unprintable byte shows as {@code ?}. */
    public static String toString(int referenceId) {
        int length = 4;
        while (length > 0 && (referenceId >>> (32 - 8 * length) & 0xff) == 0) {
            length--;
        }
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = referenceId >>> (24 - 8 * i) & 0xff;
            text.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return text.toString();
    }
}
